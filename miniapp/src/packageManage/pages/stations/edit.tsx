import { useCallback, useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Checkbox, Input, Radio, TextArea } from '@nutui/nutui-react-taro'
import {
  ADMIN_ROLES,
  CATEGORIES,
  CreateStationSchema,
  STATION_KIND_LABELS,
  STATION_KINDS,
  UpdateStationSchema,
  WEEKDAY_LABELS,
  type Specialist,
  type Station,
  type StationStaffMember,
  type StationKind,
  type CreateStationInput,
  type UpdateStationInput,
} from '@qi/shared'
import { ApiError, apiBaseUrl, downloadFile, messageOf, showMessage } from '../../../api'
import {
  createStation,
  fetchSpecialists,
  fetchStation,
  fetchStationStaff,
  saveStationStaff,
  stationQrUrl,
  updateStation,
} from '../../../api/stations'
import { Field } from '../../../components/Field'
import { errorsByPath, errorUnder } from '../../../components/formErrors'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useForm, type FormSchema } from '../../../hooks/useForm'
import { useRemote } from '../../../hooks/useRemote'
import { useSubmission } from '../../../hooks/useSubmission'
import { useMe } from '../../../hooks/useMe'
import { editStationPage, go, stationPage } from '../../../links'
import './edit.scss'

interface Draft {
  code: string
  kind: StationKind
  name: string
  region: string
  address: string
  lat: string
  lng: string
  phone: string
  hours: { weekdays: string[]; open: string; close: string }[]
  intro: string
  items: string[]
  flow: string
  complaintPhone: string
}

const EMPTY: Draft = {
  code: '',
  kind: 'post',
  name: '',
  region: '',
  address: '',
  lat: '',
  lng: '',
  phone: '',
  hours: [{ weekdays: ['1', '2', '3', '4', '5'], open: '08:30', close: '17:30' }],
  intro: '',
  items: [],
  flow: '',
  complaintPhone: '',
}

const draftOf = (s: Station): Draft => ({
  code: s.code,
  kind: s.kind,
  name: s.name,
  region: s.region,
  address: s.address,
  lat: String(s.location.lat),
  lng: String(s.location.lng),
  phone: s.phone,
  hours: s.hours.map((h) => ({ weekdays: h.weekdays.map(String), open: h.open, close: h.close })),
  intro: s.notice.intro,
  items: s.notice.items,
  flow: s.notice.flow.join('\n'),
  complaintPhone: s.notice.complaintPhone,
})

/** The draft as the API's body; numbers that do not parse stay as text, so the schema says what is wrong. */
function bodyOf(d: Draft) {
  const num = (v: string) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v)
  return {
    kind: d.kind,
    name: d.name,
    region: d.region,
    address: d.address,
    location: { lat: num(d.lat), lng: num(d.lng) },
    phone: d.phone,
    hours: d.hours.map((h) => ({ weekdays: h.weekdays.map(Number).sort((a, b) => a - b), open: h.open, close: h.close })),
    notice: {
      intro: d.intro,
      items: d.items,
      flow: d.flow
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      complaintPhone: d.complaintPhone,
    },
  }
}

/** 编辑站点: the station's facts and notice, its specialists, and its QR code for printing. */
export default function EditStationPage() {
  const { params } = useRouter()
  const me = useMe()
  const id = params.id ? decodeURIComponent(params.id) : null
  const [station, setStation] = useState<Station | null>(null)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [loadError, setLoadError] = useState('')

  const load = useCallback(async () => {
    if (!id) return
    try {
      const s = await fetchStation(id, { toast: false })
      setStation(s)
      setDraft(draftOf(s))
      setLoadError('')
      void Taro.setNavigationBarTitle({ title: s.name })
    } catch (e) {
      setLoadError(messageOf(e))
    }
  }, [id])

  useEffect(() => {
    if (id) void load()
    else void Taro.setNavigationBarTitle({ title: '新建站点' })
  }, [id, load])

  const form = useForm({
    state: [draft, setDraft],
    schema: (station ? UpdateStationSchema : CreateStationSchema) as FormSchema<UpdateStationInput | CreateStationInput>,
    body: (d) => (station ? { ...bodyOf(d), version: station.version } : { ...bodyOf(d), code: d.code }),
    errorsOf: errorsByPath,
    // A message stays until the next save.
    onEdit: 'keep',
    onInvalid: (found) => {
      const first = Object.keys(found)[0]
      showMessage((first && found[first]) || '请按提示修改')
      // To the first field to fix (hours are one block).
      const field = first?.startsWith('hours') ? 'hours' : first?.replace(/\.(lat|lng)$/, '').replace(/\.\d+$/, '')
      if (field) void Taro.pageScrollTo({ selector: `[data-field="${field}"]`, duration: 200 }).catch(() => undefined)
    },
    send: async (body) => {
      if (station && 'version' in body) {
        const saved = await updateStation(station.id, body)
        setStation(saved)
        setDraft(draftOf(saved))
        showMessage('已保存')
      } else if (!station && 'code' in body) {
        const saved = await createStation(body)
        showMessage('站点已创建')
        await Taro.redirectTo({ url: editStationPage(saved.id) })
      }
    },
    // The client's toast said why; a stale version reloads the station.
    onFailure: (e) => {
      if (e instanceof ApiError && e.status === 409 && station) void load()
    },
  })
  const { errors } = form
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => form.update((d) => ({ ...d, [k]: v }))
  const setHours = (i: number, patch: Partial<Draft['hours'][number]>) =>
    form.update((d) => ({ ...d, hours: d.hours.map((h, j) => (j === i ? { ...h, ...patch } : h)) }))

  // Only managers keep stations: anyone else reaching this form by its URL gets no editable fields.
  const readOnly = readOnlyGate(me, ADMIN_ROLES, {
    description: '站点信息由运营管理人员维护；您的身份可以在站点页查看。',
    actionText: station ? '查看站点页' : undefined,
    onAction: station ? () => go(stationPage(station.code)) : undefined,
  })
  if (readOnly) return readOnly
  if (id && loadError) return <ErrorView message={loadError} onRetry={() => void load()} />
  if (id && !station) return <LoadingView />

  const err = (path: string) => errors[path]
  const prefixed = (prefix: string) => errorUnder(errors, prefix)

  return (
    <View className="edit">
      <View className="edit__card">
        <Text className="edit__title">基本信息</Text>
        <Field name="code" label="站点码" required error={err('code')}>
          {station ? (
            <Text className="edit__fixed">{station.code}（印在二维码上，创建后不可修改）</Text>
          ) : (
            <Input placeholder="4–16 位字母或数字，如 HKP009" value={draft.code} onChange={(v: string) => set('code', v)} />
          )}
        </Field>
        <Field name="kind" label="站点类型" error={err('kind')}>
          <Radio.Group
            direction="horizontal"
            value={draft.kind}
            onChange={(v) => set('kind', v as StationKind)}
            options={STATION_KINDS.map((k) => ({ label: STATION_KIND_LABELS[k], value: k }))}
          />
        </Field>
        <Field name="name" label="站点名称" required error={err('name')}>
          <Input placeholder="如：海口江东新区质量服务驿站" value={draft.name} onChange={(v: string) => set('name', v)} />
        </Field>
        <Field name="region" label="所在地区" error={err('region')}>
          <Input placeholder="如：海口市" value={draft.region} onChange={(v: string) => set('region', v)} />
        </Field>
        <Field name="address" label="地址" required error={err('address')}>
          <Input placeholder="详细地址" value={draft.address} onChange={(v: string) => set('address', v)} />
        </Field>
        <Field
          name="location"
          label="位置（纬度、经度）"
          required
          hint="用于服务地图，可在地图应用中查询"
          error={err('location.lat') ?? err('location.lng')}
        >
          <View className="edit__pair">
            <Input type="digit" placeholder="纬度，如 20.0213" value={draft.lat} onChange={(v: string) => set('lat', v)} />
            <Input type="digit" placeholder="经度，如 110.3548" value={draft.lng} onChange={(v: string) => set('lng', v)} />
          </View>
        </Field>
        <Field name="phone" label="咨询电话" required error={err('phone')}>
          <Input placeholder="如 0898-66100001" value={draft.phone} onChange={(v: string) => set('phone', v)} />
        </Field>
      </View>

      <View className="edit__card" data-field="hours">
        <Text className="edit__title">开放时间</Text>
        {draft.hours.map((h, i) => (
          <View key={i} className="edit__hours">
            <Checkbox.Group direction="horizontal" value={h.weekdays} onChange={(v: string[]) => setHours(i, { weekdays: v })}>
              {WEEKDAY_LABELS.map((label, d) => (
                <Checkbox key={label} value={String(d + 1)} label={label} />
              ))}
            </Checkbox.Group>
            <View className="edit__pair">
              <Input placeholder="开门 08:30" value={h.open} onChange={(v: string) => setHours(i, { open: v })} />
              <Input placeholder="关门 17:30" value={h.close} onChange={(v: string) => setHours(i, { close: v })} />
              <Button
                size="small"
                fill="none"
                onClick={() =>
                  set(
                    'hours',
                    draft.hours.filter((_, j) => j !== i),
                  )
                }
              >
                删除
              </Button>
            </View>
            {prefixed(`hours.${i}`) ? <Text className="edit__error">{prefixed(`hours.${i}`)}</Text> : null}
          </View>
        ))}
        <Button size="small" fill="outline" onClick={() => set('hours', [...draft.hours, { weekdays: [], open: '', close: '' }])}>
          添加时段
        </Button>
      </View>

      <View className="edit__card">
        <Text className="edit__title">站点公示</Text>
        <Field name="notice.intro" label="站点简介" error={err('notice.intro')}>
          <TextArea placeholder="站点的职责与服务范围" value={draft.intro} maxLength={500} onChange={(v: string) => set('intro', v)} />
        </Field>
        <Field name="notice.flow" label="服务流程（每行一步）" error={prefixed('notice.flow')}>
          <TextArea
            placeholder={'到站登记或扫码提交服务需求\n能即时答复的当场答复'}
            value={draft.flow}
            rows={4}
            onChange={(v: string) => set('flow', v)}
          />
        </Field>
        <Field name="notice.complaintPhone" label="投诉电话" required error={err('notice.complaintPhone')}>
          <Input placeholder="如 0898-66100010" value={draft.complaintPhone} onChange={(v: string) => set('complaintPhone', v)} />
        </Field>
        <Field name="notice.items" label={`服务事项（已选 ${draft.items.length} 项）`} error={prefixed('notice.items')}>
          {CATEGORIES.map((c) => (
            <View key={c.code} className="edit__category">
              <Text className="edit__category-name">{c.name}</Text>
              <Checkbox.Group
                value={draft.items.filter((code) => c.items.some((i) => i.code === code))}
                onChange={(v: string[]) => set('items', [...draft.items.filter((code) => !c.items.some((i) => i.code === code)), ...v])}
              >
                {c.items.map((i) => (
                  <Checkbox key={i.code} value={i.code} label={i.name} />
                ))}
              </Checkbox.Group>
            </View>
          ))}
        </Field>
      </View>

      <View className="edit__save">
        <Button type="primary" block loading={form.busy} onClick={() => void form.submit()}>
          {station ? '保存修改' : '创建站点'}
        </Button>
      </View>

      {station ? <StaffEditor station={station} /> : null}
      {station ? <QrPanel station={station} /> : null}
    </View>
  )
}

/** The specialists working at the station: the needs raised here reach their queue. */
function StaffEditor({ station }: { station: Station }) {
  const remote = useRemote(() => Promise.all([fetchSpecialists(), fetchStationStaff(station.id)]), [station.id])
  return (
    <View className="edit__card">
      <Text className="edit__title">服务专员</Text>
      <Text className="edit__hint">选中的服务专员在本站受理需求、接待到站企业，并显示在站点公示中。</Text>
      {remote.state.status === 'loading' ? (
        <Text className="edit__hint">加载中…</Text>
      ) : remote.state.status === 'error' ? (
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      ) : (
        <StaffChooser station={station} specialists={remote.state.data[0]} staff={remote.state.data[1]} />
      )}
    </View>
  )
}

function StaffChooser({ station, specialists, staff }: { station: Station; specialists: Specialist[]; staff: StationStaffMember[] }) {
  const [chosen, setChosen] = useState<string[]>(() => staff.map((s) => s.userId))
  const titles = Object.fromEntries(staff.map((s) => [s.userId, s.title]))
  const submission = useSubmission()

  const save = () =>
    submission.run(async () => {
      try {
        const saved = await saveStationStaff(station.id, {
          staff: chosen.map((userId) => ({ userId, title: titles[userId] ?? '服务专员' })),
        })
        setChosen(saved.map((s) => s.userId))
        showMessage('服务专员已更新')
      } catch {
        // The client's toast said why; the choice stays for another try.
      }
    })

  return (
    <>
      <Checkbox.Group value={chosen} onChange={(v: string[]) => setChosen(v)}>
        {specialists.map((s) => (
          <Checkbox
            key={s.id}
            value={s.id}
            label={`${s.name}${s.stations.length ? `（${s.stations.map((x) => x.name).join('、')}）` : '（未分配站点）'}`}
          />
        ))}
      </Checkbox.Group>
      <Button size="small" type="primary" fill="outline" loading={submission.busy} onClick={() => void save()}>
        保存服务专员
      </Button>
    </>
  )
}

/** The station's code: shown here, opened full size for printing. */
function QrPanel({ station }: { station: Station }) {
  // In a browser the vector SVG prints sharpest; on the phone the PNG can be saved and shared.
  // A code the server cannot make (小程序码 without WeChat's credentials) says why in a toast, not as raw JSON in a new tab.
  const open = async (url: string) => {
    let file: string
    try {
      file = await downloadFile(url.slice(apiBaseUrl().length))
    } catch (e) {
      return showMessage(messageOf(e))
    }
    if (process.env.TARO_ENV === 'h5') window.open(url, '_blank')
    else void Taro.previewImage({ urls: [file] })
  }
  const posterFormat = process.env.TARO_ENV === 'h5' ? 'svg' : 'png'
  return (
    <View className="edit__card edit__qr">
      <Text className="edit__title">站点二维码</Text>
      <Image className="edit__qr-image" src={stationQrUrl(station.id, { format: 'png' })} mode="aspectFit" />
      <Text className="edit__hint">扫码进入本站页面：到站登记、在此提交需求、评价在本站办理的需求。</Text>
      <View className="edit__buttons">
        <Button size="small" type="primary" onClick={() => void open(stationQrUrl(station.id, { format: posterFormat, poster: true }))}>
          打印海报（含站点名称）
        </Button>
        <Button size="small" fill="outline" onClick={() => void open(stationQrUrl(station.id, { format: 'png' }))}>
          二维码图片
        </Button>
        <Button size="small" fill="outline" onClick={() => void open(stationQrUrl(station.id, { format: 'png', target: 'weapp' }))}>
          小程序码
        </Button>
      </View>
    </View>
  )
}
