import { Button, View } from '@tarojs/components'
import './ContactShare.scss'

/**
 * weapp: 在线客服 (WeChat's customer-service chat, open-type contact) and 分享
 * (open-type share: the page's useShareAppMessage gives title and path). The
 * H5 app has neither; its pages show their phone numbers instead.
 */
export function ContactShare(props: { shareLabel?: string }) {
  if (process.env.TARO_ENV !== 'weapp') return null
  return (
    <View className="contact-share">
      <Button className="contact-share__button" openType="contact">
        在线客服
      </Button>
      <Button className="contact-share__button" openType="share">
        {props.shareLabel ?? '分享给同事'}
      </Button>
    </View>
  )
}
