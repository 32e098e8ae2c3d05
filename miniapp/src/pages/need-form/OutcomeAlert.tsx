// What became of a submission that did not get its receipt: the network
// failed (the draft and its key are kept: a retry makes no second need), the
// key was used for other values, or the server refused it.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { NETWORK_ERROR_MESSAGE } from '../../api'
import { needsPage } from '../../links'

export type Outcome = { kind: 'none' } | { kind: 'network' } | { kind: 'key_reused' } | { kind: 'refused'; message: string }

/** The alert for an outcome (nothing for `none`); "作为新需求提交" forgets the key. */
export function OutcomeAlert({ outcome, onNewSubmission }: { outcome: Outcome; onNewSubmission: () => void }) {
  return (
    <>
      {outcome.kind === 'network' ? (
        <View className="need-form__alert need-form__alert--network" data-outcome="network">
          <Text className="need-form__alert-title">{NETWORK_ERROR_MESSAGE}</Text>
          <Text>提交结果未确认。您填写的内容已保存，请点“重新提交”，不会重复提交。</Text>
        </View>
      ) : null}
      {outcome.kind === 'key_reused' ? (
        <View className="need-form__alert" data-outcome="key_reused">
          <Text className="need-form__alert-title">上一次提交可能已经成功</Text>
          <Text>网络中断前的提交可能已送达，之后内容又有修改。请先到“我的需求”查看；确认没有后再作为新需求提交。</Text>
          <View className="need-form__alert-actions">
            <Button size="small" fill="outline" onClick={() => void Taro.switchTab({ url: needsPage })}>
              查看我的需求
            </Button>
            <Button size="small" type="primary" onClick={onNewSubmission}>
              作为新需求提交
            </Button>
          </View>
        </View>
      ) : null}
      {outcome.kind === 'refused' ? (
        <View className="need-form__alert" data-outcome="refused">
          <Text className="need-form__alert-title">提交未成功</Text>
          <Text>{outcome.message}</Text>
        </View>
      ) : null}
    </>
  )
}
