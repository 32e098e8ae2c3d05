import { Text, View } from '@tarojs/components'
import { Checkbox, Tag } from '@nutui/nutui-react-taro'
import type { Match } from '@qi/shared'
import './MatchCard.scss'

/** One provider proposed by 精准匹配: its score, its strengths (ticked), plain facts, what speaks against it; tap to pick it. */
export function MatchCard({ match, picked, onToggle }: { match: Match; picked: boolean; onToggle: () => void }) {
  const id = match.institutionId ?? match.expertId
  return (
    <View
      className={`match-card${picked ? ' match-card--picked' : ''}${match.alreadyAssigned ? ' match-card--disabled' : ''}`}
      data-match={match.name}
      data-match-id={id}
      onClick={match.alreadyAssigned ? undefined : onToggle}
    >
      <View className="match-card__head">
        <Checkbox checked={picked} disabled={match.alreadyAssigned} />
        <View className="match-card__who">
          <Text className="match-card__name">{match.name}</Text>
          <View className="match-card__tags">
            <Tag type={match.kind === 'institution' ? 'primary' : 'success'} plain>
              {match.kind === 'institution' ? '服务机构' : '技术专家'}
            </Tag>
            {match.region ? <Text className="match-card__region">{match.region}</Text> : null}
          </View>
        </View>
        <View className="match-card__score">
          <Text className="match-card__score-value">{match.score}</Text>
          <Text className="match-card__score-label">匹配度</Text>
        </View>
      </View>
      <View className="match-card__reasons">
        {match.reasons.map((r) => (
          <Text key={r} className="match-card__reason">
            ✓ {r}
          </Text>
        ))}
        {match.notes.map((n) => (
          <Text key={n} className="match-card__note">
            · {n}
          </Text>
        ))}
        {match.warnings.map((w) => (
          <Text key={w} className="match-card__warning">
            ! {w}
          </Text>
        ))}
      </View>
    </View>
  )
}
