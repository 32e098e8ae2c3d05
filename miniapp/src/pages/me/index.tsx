import { OVERSIGHT_ROLES, STAFF_ROLES, type Persona } from '@qi/shared'
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Cell, CellGroup, Tag } from '@nutui/nutui-react-taro'
import { ArrowRight } from '@nutui/icons-react-taro'
import {
  ApiError,
  fetchOpenComplaintCount,
  messageOf,
  setToken,
  showMessage,
  signInAsNewcomer,
  signInAsPersona,
  signInWithWechat,
} from '../../api'
import { ErrorView, LoadingView } from '../../components/StatusView'
import { useMe } from '../../hooks/useMe'
import { useRemote } from '../../hooks/useRemote'
import { useSignedIn } from '../../hooks/useSignedIn'
import { PERSONAS, ROLE_LABELS } from '../../labels'
import { completeSignIn } from '../../signIn'
import {
  archiveSearchPage,
  bindPage,
  manageStationsPage,
  privacyDocPage,
  calendarPage,
  complaintsPage,
  inboxPage,
  knowledgePage,
  manageComplaintsPage,
  manageExpertsPage,
  manageInstitutionsPage,
  manageStaffPage,
  membersPage,
  needsPage,
  notificationsPage,
  profilePage,
  statsPage,
  followUpsPage,
  rectificationsPage,
  timeLimitsPage,
  evaluationRankingPage,
} from '../../links'
import './index.scss'

export default function MePage() {
  const signedIn = useSignedIn()
  return (
    <View className="me">
      {signedIn ? <Profile /> : <SignIn />}
      <PrivacyLinks />
    </View>
  )
}

/** 隐私保护指引 and 用户协议 (where consent is withdrawn too), signed in or not. */
function PrivacyLinks() {
  return (
    <CellGroup className="me__group">
      <Cell
        title="隐私保护指引"
        extra={<ArrowRight size={12} />}
        clickable
        onClick={() => void Taro.navigateTo({ url: privacyDocPage('privacy') })}
      />
      <Cell
        title="用户协议"
        extra={<ArrowRight size={12} />}
        clickable
        onClick={() => void Taro.navigateTo({ url: privacyDocPage('terms') })}
      />
    </CellGroup>
  )
}

// --- signed in ---------------------------------------------------------------

function Profile() {
  // A 401 clears the token: the page then switches to sign-in.
  const profile = useMe()
  // Back from 企业信息: show what was saved.
  useDidShow(() => profile.reload())

  const signOut = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定退出当前账号吗？' })
    if (confirm) {
      setToken(null)
      showMessage('已退出登录')
    }
  }

  if (profile.status === 'loading' || profile.status === 'signed_out') return <LoadingView />
  if (profile.status === 'error') {
    return (
      <>
        <ErrorView message={profile.message} onRetry={profile.reload} />
        <View className="me__actions">
          <Button block fill="outline" onClick={() => void signOut()}>
            退出登录
          </Button>
        </View>
      </>
    )
  }

  const { me } = profile
  const isStaff = me.user.roles.some((r) => STAFF_ROLES.includes(r))
  const isEnterprise = me.user.roles.includes('enterprise')
  const oversees = me.user.roles.some((r) => OVERSIGHT_ROLES.includes(r))
  const affiliations = [
    me.enterprise ? { label: '所属企业', value: me.enterprise.name } : null,
    me.institution ? { label: '所属机构', value: me.institution.name } : null,
    me.expert ? { label: '专家', value: me.expert.name } : null,
  ].filter((a): a is { label: string; value: string } => a !== null)

  return (
    <>
      <View className="me__card">
        <View className="me__avatar">
          <Text>{me.user.name.slice(0, 1) || '我'}</Text>
        </View>
        <View className="me__who">
          <Text className="me__name">{me.user.name}</Text>
          <View className="me__roles">
            {me.user.roles.map((role) => (
              <Tag key={role} className="me__role" round>
                {ROLE_LABELS[role] ?? role}
              </Tag>
            ))}
          </View>
        </View>
      </View>

      {affiliations.length > 0 ? (
        <CellGroup className="me__group">
          {affiliations.map((a) => (
            <Cell key={a.label} title={a.label} extra={a.value} />
          ))}
        </CellGroup>
      ) : null}

      {isEnterprise ? (
        <CellGroup className="me__group">
          <Cell
            title="企业信息"
            description={me.enterprise ? `统一社会信用代码 ${me.enterprise.creditCode ?? '未填写'}` : '未填写：绑定企业后才能提交需求'}
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: profilePage })}
          />
          {me.enterprise ? (
            <Cell
              title="企业成员"
              description="邀请同事一起查看和跟进本企业的需求"
              extra={<ArrowRight size={12} />}
              clickable
              onClick={() => void Taro.navigateTo({ url: membersPage })}
            />
          ) : null}
        </CellGroup>
      ) : null}

      <CellGroup className="me__group">
        <Cell title="我的需求" extra={<ArrowRight size={12} />} clickable onClick={() => void Taro.switchTab({ url: needsPage })} />
        {isEnterprise ? (
          <Cell title="我的投诉" extra={<ArrowRight size={12} />} clickable onClick={() => void Taro.navigateTo({ url: complaintsPage })} />
        ) : null}
        <Cell
          title="消息通知"
          extra={<ArrowRight size={12} />}
          clickable
          onClick={() => void Taro.navigateTo({ url: notificationsPage })}
        />
        <Cell
          title="质量讲堂"
          description="政策文件、办事指南、常见问题"
          extra={<ArrowRight size={12} />}
          clickable
          onClick={() => void Taro.navigateTo({ url: knowledgePage() })}
        />
        <Cell
          title="绑定邀请码"
          description="员工或企业同事：输入收到的绑定码"
          extra={<ArrowRight size={12} />}
          clickable
          onClick={() => void Taro.navigateTo({ url: bindPage() })}
        />
        {isStaff ? (
          <Cell
            title="工作台"
            description="受理、派单与服务记录"
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: inboxPage })}
          />
        ) : null}
        {me.user.roles.includes('manager') ? (
          <Cell
            title="站点管理"
            description="服务中心、分中心和驿站：信息、开放时间、专员与二维码"
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: manageStationsPage })}
          />
        ) : null}
        {oversees || me.user.roles.includes('specialist') ? (
          <Cell
            title="效能评估"
            description="需求分布、办理时效、满意度、投诉与服务机构排名"
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: statsPage })}
          />
        ) : null}
        {oversees || me.user.roles.includes('specialist') ? (
          <Cell
            title="档案管理"
            description={oversees ? '一项一档、一企一档检索与导出，半年工作总结' : '一项一档、一企一档检索与导出'}
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: archiveSearchPage })}
          />
        ) : null}
        {oversees ? <ComplaintsEntry handles={me.user.roles.includes('manager')} /> : null}
        {oversees ? (
          <Cell
            title="办理时限"
            description={
              me.user.roles.includes('manager') ? '设置受理、答复、评价和投诉处理的时限' : '查看受理、答复、评价和投诉处理的时限'
            }
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: timeLimitsPage })}
          />
        ) : null}
        {oversees ? (
          <Cell
            title="放假安排"
            description={
              me.user.roles.includes('manager')
                ? '录入、导入和发布每年的节假日与调休，期限按此计算工作日'
                : '查看计算期限所用的节假日与调休'
            }
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: calendarPage })}
          />
        ) : null}
        {me.user.roles.includes('manager') ? (
          <>
            <Cell
              title="机构名录"
              description="登记和维护服务机构、资质证书与状态"
              extra={<ArrowRight size={12} />}
              clickable
              onClick={() => void Taro.navigateTo({ url: manageInstitutionsPage })}
            />
            <Cell
              title="专家库"
              description="登记和维护专家、职称证明与诚信记录"
              extra={<ArrowRight size={12} />}
              clickable
              onClick={() => void Taro.navigateTo({ url: manageExpertsPage })}
            />
            <Cell
              title="员工账号"
              description="邀请员工、调整角色与站点、撤销账号及变更记录"
              extra={<ArrowRight size={12} />}
              clickable
              onClick={() => void Taro.navigateTo({ url: manageStaffPage })}
            />
          </>
        ) : null}
        {oversees ? (
          <Cell
            title="动态评价"
            description={
              me.user.roles.includes('manager')
                ? '机构、专家和专员的完成率、按时率、满意率，阈值与预警、暂停、淘汰退出建议'
                : '查看机构、专家和专员的评价指标与处理建议'
            }
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: evaluationRankingPage() })}
          />
        ) : null}
        {oversees ? (
          <Cell
            title="回访管理"
            description={me.user.roles.includes('manager') ? '不满意评价的回访、处理与超期' : '查看回访及处理情况（脱敏）'}
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: followUpsPage('all') })}
          />
        ) : null}
        {oversees ? (
          <Cell
            title="整改"
            description="来自回访、投诉和动态评价的整改及完成情况"
            extra={<ArrowRight size={12} />}
            clickable
            onClick={() => void Taro.navigateTo({ url: rectificationsPage })}
          />
        ) : null}
      </CellGroup>

      <View className="me__actions">
        <Button block fill="outline" onClick={() => void signOut()}>
          退出登录
        </Button>
      </View>
    </>
  )
}

/** 投诉处理 (运营管理、监督部门), with how many complaints are still open. */
function ComplaintsEntry({ handles }: { handles: boolean }) {
  const remote = useRemote(() => fetchOpenComplaintCount({ toast: false }), [])
  // Back on 我的 (from handling one, say): count again.
  useDidShow(() => {
    if (remote.state.status === 'ready') void remote.refresh()
  })
  const open = remote.state.status === 'ready' ? remote.state.data.open : 0
  return (
    <Cell
      title="投诉处理"
      description={handles ? '确认、调查、办结并告知结果' : '查看投诉及处理情况'}
      extra={
        <View className="me__extra">
          {open > 0 ? (
            <Tag type="danger" round className="me__count">
              {open} 件待处理
            </Tag>
          ) : null}
          <ArrowRight size={12} />
        </View>
      }
      clickable
      onClick={() => void Taro.navigateTo({ url: manageComplaintsPage })}
    />
  )
}

// --- signed out --------------------------------------------------------------

function SignIn() {
  return (
    <>
      <View className="me__card me__card--guest">
        <View className="me__avatar me__avatar--guest">
          <Text>访</Text>
        </View>
        <View className="me__who">
          <Text className="me__name">未登录</Text>
          <Text className="me__hint">登录后可提交服务需求、跟踪办理进度</Text>
        </View>
      </View>
      {process.env.TARO_ENV === 'weapp' ? <WechatSignIn /> : <PersonaSignIn />}
    </>
  )
}

function WechatSignIn() {
  const [busy, setBusy] = useState(false)

  const signIn = async () => {
    setBusy(true)
    try {
      let code: string
      try {
        code = (await Taro.login()).code
      } catch {
        showMessage('微信登录失败，请重试')
        return
      }
      completeSignIn(await signInWithWechat(code))
      showMessage('登录成功')
    } catch {
      // The client has shown the server's message.
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="me__actions">
      <Button block type="primary" loading={busy} onClick={() => void signIn()}>
        微信登录
      </Button>
    </View>
  )
}

function PersonaSignIn() {
  const [busy, setBusy] = useState<string | null>(null)
  const [demoOff, setDemoOff] = useState(false)

  const signIn = async (persona: Persona | 'newcomer') => {
    if (busy) return
    setBusy(persona)
    try {
      completeSignIn(await (persona === 'newcomer' ? signInAsNewcomer() : signInAsPersona(persona)))
      showMessage('登录成功')
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setDemoOff(true)
      else showMessage(messageOf(e))
    } finally {
      setBusy(null)
    }
  }

  if (demoOff) {
    return (
      <View className="me__notice">
        <Text className="me__notice-title">演示模式未开启</Text>
        <Text>服务器未开启演示登录，网页版暂不能登录。请使用微信小程序登录，或请管理员开启演示模式。</Text>
        <View className="me__notice-action">
          <Button size="small" fill="outline" onClick={() => setDemoOff(false)}>
            重新选择身份
          </Button>
        </View>
      </View>
    )
  }

  return (
    <CellGroup className="me__group" title="演示登录：选择一个身份">
      {PERSONAS.map((p) => (
        <Cell
          key={p.code}
          title={p.label}
          description={p.hint}
          clickable
          extra={busy === p.code ? <Text className="me__busy">登录中…</Text> : <ArrowRight size={12} />}
          onClick={() => void signIn(p.code)}
        />
      ))}
      <Cell
        title="新用户"
        description="如同首次微信登录：绑定收到的邀请码，或填写企业信息"
        clickable
        extra={busy === 'newcomer' ? <Text className="me__busy">登录中…</Text> : <ArrowRight size={12} />}
        onClick={() => void signIn('newcomer')}
      />
    </CellGroup>
  )
}
