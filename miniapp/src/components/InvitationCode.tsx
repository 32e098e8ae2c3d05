import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { IssuedInvitation } from '@qi/shared'
import { showMessage } from '../api'
import { formatDateTime } from '../labels'
import './InvitationCode.scss'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
/** Base64 of ASCII text (the QR's SVG is ASCII): weapp has no btoa. */
function base64(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i += 3) {
    const [a, b, c] = [text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2)]
    const n = (a << 16) | ((b || 0) << 8) | (c || 0)
    out +=
      B64[(n >> 18) & 63]! +
      B64[(n >> 12) & 63]! +
      (i + 1 < text.length ? B64[(n >> 6) & 63]! : '=') +
      (i + 2 < text.length ? B64[n & 63]! : '=')
  }
  return out
}

/**
 * A new invitation's one-time binding code, shown this once: large, with its
 * QR (the bind page's address) for the person to scan after signing in with
 * WeChat, and the address to copy and send.
 */
export function InvitationCode({ issued, onDone }: { issued: IssuedInvitation; onDone: () => void }) {
  const copy = (data: string, what: string) =>
    void Taro.setClipboardData({ data }).then(
      () => showMessage(`${what}已复制`),
      () => showMessage('复制失败，请手动抄写'),
    )
  return (
    <View className="invitation-code" data-testid="invitation-code">
      <Text className="invitation-code__title">绑定码（仅显示这一次）</Text>
      <Text className="invitation-code__code" selectable>
        {issued.code}
      </Text>
      {/* A background rather than an <Image>: the drawing scales to the box on every platform. */}
      <View
        className="invitation-code__qr"
        data-testid="invitation-qr"
        style={{ backgroundImage: `url("data:image/svg+xml;base64,${base64(issued.qrSvg)}")` }}
      />
      <Text className="invitation-code__note">
        请受邀人用微信登录后，在“我的 → 绑定邀请码”输入此码，或扫描上方二维码。绑定码只能使用一次，
        {formatDateTime(issued.invitation.expiresAt)} 前有效。
      </Text>
      <Text className="invitation-code__for">受邀人：{issued.invitation.note}</Text>
      <View className="invitation-code__buttons">
        <Button size="small" fill="outline" onClick={() => copy(issued.code, '绑定码')}>
          复制绑定码
        </Button>
        <Button size="small" fill="outline" onClick={() => copy(issued.bindUrl, '绑定链接')}>
          复制绑定链接
        </Button>
        <Button size="small" type="primary" onClick={onDone}>
          完成
        </Button>
      </View>
    </View>
  )
}
