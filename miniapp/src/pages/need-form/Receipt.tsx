// 回执: what the enterprise sees once the need is filed.
import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Success } from '@nutui/icons-react-taro'
import { CATEGORY_BY_CODE, type NeedDetail } from '@qi/shared'
import { showMessage } from '../../api'
import { askForNeedStatusMessages, needStatusTemplateIds } from '../../api/subscriptions'
import { DeadlineText } from '../../components/Deadline'
import { NeedQrCode } from '../../components/NeedQrCode'
import { Fact, Section } from '../../components/Field'
import { StationFact } from '../../components/StationFact'
import { formatDateTime } from '../../labels'
import { homePage, needDetailPage } from '../../links'

/** 回执: the unified number, the deadlines, and where to follow it. */
export function Receipt({ need }: { need: NeedDetail }) {
  // On weapp: offer WeChat messages on each step (the prompt needs a tap).
  const [templateIds, setTemplateIds] = useState<string[]>([])
  const [subscribed, setSubscribed] = useState(false)
  useEffect(() => {
    void needStatusTemplateIds().then(setTemplateIds)
    // The receipt takes the form's place on its page, scrolled down to the form's submit button: open it at its top.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }, [])
  const subscribe = async () => {
    const ok = await askForNeedStatusMessages(templateIds)
    setSubscribed(ok)
    showMessage(ok ? '已开启办理进度提醒' : '未开启提醒，可在“消息通知”中查看进度')
  }
  return (
    <View className="need-form need-form--receipt" data-receipt={need.number}>
      <View className="receipt">
        <View className="receipt__icon">
          <Success size={48} />
        </View>
        <Text className="receipt__title">需求已提交</Text>
        <Text className="receipt__label">统一编号</Text>
        <Text className="receipt__number">{need.number}</Text>
        <Text className="receipt__hint">请保存此编号，到服务窗口办理时出示即可（最多跑一次）</Text>
        <NeedQrCode needId={need.id} number={need.number} />
      </View>
      <Section title="回执">
        <Fact label="需求标题">{need.title}</Fact>
        <Fact label="服务类别">{need.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}</Fact>
        <StationFact stationId={need.stationId} />
        <Fact label="提交时间">{formatDateTime(need.createdAt)}</Fact>
        <Fact label="受理时限">
          <DeadlineText due={need.deadlines.acceptBy} />
        </Fact>
        <Fact label="答复时限">
          <DeadlineText due={need.deadlines.replyBy} />
        </Fact>
      </Section>
      <View className="need-form__bar">
        {templateIds.length > 0 && !subscribed ? (
          <Button block fill="outline" onClick={() => void subscribe()}>
            微信提醒我办理进度
          </Button>
        ) : null}
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: needDetailPage(need.id) })}>
          查看办理进度
        </Button>
        <Button block fill="outline" onClick={() => void Taro.switchTab({ url: homePage })}>
          返回服务大厅
        </Button>
      </View>
    </View>
  )
}
