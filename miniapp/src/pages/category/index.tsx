import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { ArrowRight } from '@nutui/icons-react-taro'
import { CATEGORIES } from '@qi/shared'
import { EmptyView } from '../../components/StatusView'
import { homePage, itemPage, needFormPage } from '../../links'
import './index.scss'

export default function CategoryPage() {
  const { params } = useRouter()
  const code = params.code ? decodeURIComponent(params.code) : ''
  const category = CATEGORIES.find((c) => c.code === code)

  useEffect(() => {
    if (category) void Taro.setNavigationBarTitle({ title: category.name })
  }, [category])

  if (!category) {
    return (
      <View className="category">
        <EmptyView
          title="未找到该服务类别"
          description="链接可能已失效，请回到服务大厅重新选择。"
          actionText="返回服务大厅"
          onAction={() => void Taro.switchTab({ url: homePage })}
        />
      </View>
    )
  }

  return (
    <View className="category">
      <View className="category__head">
        <Text className="category__name">{category.name}</Text>
        <Text className="category__description">{category.description}</Text>
        <Text className="category__count">共 {category.items.length} 项服务</Text>
      </View>
      <CellGroup className="category__items">
        {category.items.map((item) => (
          <Cell
            key={item.code}
            clickable
            title={<Text className="category__item-name">{item.name}</Text>}
            description={<Text className="category__item-description">{item.description}</Text>}
            extra={<ArrowRight size={12} />}
            onClick={() => void Taro.navigateTo({ url: itemPage(item.code) })}
          />
        ))}
      </CellGroup>
      <View className="category__bar">
        <Button block type="primary" onClick={() => void Taro.navigateTo({ url: needFormPage({ category: category.code }) })}>
          申请{category.shortName}服务
        </Button>
      </View>
    </View>
  )
}
