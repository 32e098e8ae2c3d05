import './index.scss'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button as TaroButton, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PRIVACY_DOCUMENTS, type PrivacyDocumentKind } from '@qi/shared'
import { useEffect, useState } from 'react'
import { fetchConsent, showMessage, withdrawConsent, type ConsentStatusView } from '../../api'
import { formatDateTime } from '../../labels'
import { privacyDocPage } from '../../links'
import { consentChanged } from '../../privacy'
import { useSignedIn } from '../../hooks/useSignedIn'
import { PRIVACY_DOC_TEXT } from './content'

/** 隐私保护指引 (?doc=privacy, the default) or 用户协议 (?doc=terms), with the consent on record and 撤回同意. */
export default function PrivacyDocPage() {
  const { params } = useRouter()
  const kind: PrivacyDocumentKind = params.doc === 'terms' ? 'terms' : 'privacy'
  const doc = PRIVACY_DOC_TEXT[kind]
  const meta = PRIVACY_DOCUMENTS[kind]
  const other: PrivacyDocumentKind = kind === 'privacy' ? 'terms' : 'privacy'
  const signedIn = useSignedIn()
  const [consent, setConsent] = useState<ConsentStatusView | null>(null)

  // A short title: the bar of a 320 px screen has room for about four characters beside its buttons.
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: kind === 'privacy' ? '隐私指引' : '用户协议' })
  }, [kind])
  useEffect(() => {
    if (!signedIn) return setConsent(null)
    fetchConsent({ toast: false }).then(
      (status) => {
        consentChanged(status)
        setConsent(status)
      },
      () => setConsent(null),
    )
  }, [signedIn])
  useShareAppMessage(() => ({ title: meta.title, path: privacyDocPage(kind) }))

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤回同意',
      content: '撤回后，提交需求、上传附件、查找附近站点等功能需重新同意后才能使用。已办结事项的档案仍按规定期限保存。确定撤回吗？',
    })
    if (!confirm) return
    try {
      const status = await withdrawConsent({ toast: false })
      consentChanged(status)
      setConsent(status)
      showMessage('已撤回同意')
    } catch {
      showMessage('撤回失败，请稍后重试')
    }
  }

  return (
    <View className="privacy-doc">
      <View className="privacy-doc__head">
        <Text className="privacy-doc__title">{meta.title}</Text>
        <Text className="privacy-doc__version">版本：{meta.version}</Text>
      </View>
      <Text className="privacy-doc__para">{doc.intro}</Text>
      {doc.sections.map((s) => (
        <View key={s.heading} className="privacy-doc__section">
          <Text className="privacy-doc__heading">{s.heading}</Text>
          {s.paragraphs.map((p) => (
            <Text key={p} className="privacy-doc__para">
              {p}
            </Text>
          ))}
        </View>
      ))}
      <Text className="privacy-doc__link" onClick={() => void Taro.redirectTo({ url: privacyDocPage(other) })}>
        查看《{PRIVACY_DOCUMENTS[other].title}》
      </Text>
      {consent?.agreed ? (
        <View className="privacy-doc__consent">
          <Text className="privacy-doc__note">
            您已于 {formatDateTime(consent.agreed.at)} 同意 {consent.agreed.privacyVersion} 版隐私保护指引与 {consent.agreed.termsVersion}{' '}
            版用户协议。
          </Text>
          <Button fill="outline" type="danger" onClick={() => void withdraw()}>
            撤回同意
          </Button>
        </View>
      ) : null}
      {process.env.TARO_ENV === 'weapp' ? (
        <TaroButton className="privacy-doc__contact" openType="contact">
          联系客服
        </TaroButton>
      ) : null}
    </View>
  )
}
