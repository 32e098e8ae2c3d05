import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { Button as TaroButton, Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { PRIVACY_DOCUMENTS } from '@qi/shared'
import { getToken } from '../api'
import { privacyDocPage } from '../links'
import { AGREE_BUTTON_ID, loadConsent, onPrivacyRequest, recordConsent } from '../privacy'
import './PrivacyPopup.scss'

/**
 * The consent popup: what the app collects and why in two lines, the two
 * documents to read, 不同意 and 同意并继续. On weapp the agree button is
 * WeChat's own (open-type agreePrivacyAuthorization), so a pending privacy call
 * goes on once it is tapped.
 */
export function PrivacyPopup(props: { visible: boolean; onAnswer: (agreed: boolean) => void }) {
  const weapp = process.env.TARO_ENV === 'weapp'
  const open = (doc: 'privacy' | 'terms') => void Taro.navigateTo({ url: privacyDocPage(doc) })
  return (
    <Popup visible={props.visible} position="bottom" round closeable={false} closeOnOverlayClick={false} title="隐私保护提示">
      <View className="privacy-popup" role="dialog" aria-label="隐私保护提示">
        <Text className="privacy-popup__text">
          为了受理您的需求、联系您并派发服务，我们会收集您填写的联系人与电话、企业名称与统一社会信用代码、上传的附件；查找附近站点时会使用您的位置。使用前请阅读并同意：
        </Text>
        <View className="privacy-popup__docs">
          <Text className="privacy-popup__link" onClick={() => open('privacy')}>
            《{PRIVACY_DOCUMENTS.privacy.title}》
          </Text>
          <Text className="privacy-popup__link" onClick={() => open('terms')}>
            《{PRIVACY_DOCUMENTS.terms.title}》
          </Text>
        </View>
        <View className="privacy-popup__actions">
          <Button className="privacy-popup__decline" fill="outline" onClick={() => props.onAnswer(false)}>
            不同意
          </Button>
          {weapp ? (
            <TaroButton
              id={AGREE_BUTTON_ID}
              className="privacy-popup__agree"
              openType="agreePrivacyAuthorization"
              onAgreePrivacyAuthorization={() => props.onAnswer(true)}
            >
              同意并继续
            </TaroButton>
          ) : (
            <Button className="privacy-popup__agree" type="primary" onClick={() => props.onAnswer(true)}>
              同意并继续
            </Button>
          )}
        </View>
      </View>
    </Popup>
  )
}

/**
 * The popup of a page, and `ensure()`: before a submission, true once the user
 * has agreed to the documents in force (asked here when the server says so).
 * On weapp it also answers WeChat's privacy requests while its page is shown.
 */
export function usePrivacyConsent() {
  const [ask, setAsk] = useState<((agreed: boolean) => void) | null>(null)
  const shown = useRef(true)
  useDidShow(() => {
    shown.current = true
  })
  useDidHide(() => {
    shown.current = false
  })
  useEffect(
    () =>
      onPrivacyRequest((request) => {
        if (request.claimed || !shown.current) return
        request.claimed = true
        setAsk(() => request.resolve)
      }),
    [],
  )

  const ensure = useCallback(async (): Promise<boolean> => {
    // Signed out, the form asks to sign in first; the server is asked then.
    if (!getToken()) return true
    let needed = true
    try {
      needed = (await loadConsent()).needed
    } catch {
      // Unknown (offline): ask; the agreement is sent when the network is back.
    }
    if (!needed) return true
    return new Promise<boolean>((resolve) => setAsk(() => resolve))
  }, [])

  const answer = (agreed: boolean) => {
    ask?.(agreed)
    setAsk(null)
    if (agreed) void recordConsent()
    else void Taro.showToast({ title: '未同意隐私保护指引，暂不能使用该功能', icon: 'none' })
  }
  const popup = <PrivacyPopup visible={ask !== null} onAnswer={answer} />
  return { ensure, popup }
}
