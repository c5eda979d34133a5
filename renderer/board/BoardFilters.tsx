import type { BoardCounsellor } from '../../shared/hub/presenceApi';
import { useT } from '../i18n/useT';
import { useAppStore } from '../store/appStore';
import { groupCounts, stateGroups } from './boardFilter';
import { stateGroupKey } from './boardText';

/** The state groups as toggle buttons (with how many each holds) and a name search. */
export function BoardFilters(props: { counsellors: readonly BoardCounsellor[] }): React.JSX.Element {
  const t = useT();
  const filter = useAppStore((state) => state.board.filter);
  const setFilter = useAppStore((state) => state.setBoardFilter);
  const counts = groupCounts(props.counsellors, filter.search);
  return (
    <div className="board-filters">
      <div role="group" aria-label={t('board.filter')} className="board-groups">
        {stateGroups.map((group) => (
          <button
            key={group}
            type="button"
            className="secondary"
            aria-pressed={filter.group === group}
            data-testid={`board-filter-${group}`}
            data-count={counts[group]}
            onClick={() => setFilter({ group })}
          >
            {t('board.filter.count', { label: t(stateGroupKey(group)), count: String(counts[group]) })}
          </button>
        ))}
      </div>
      <label className="board-search">
        {t('board.search')}
        <input type="search" data-testid="board-search" value={filter.search} maxLength={64} onChange={(event) => setFilter({ search: event.target.value })} />
      </label>
    </div>
  );
}
