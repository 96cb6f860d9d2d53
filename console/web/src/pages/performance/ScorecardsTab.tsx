import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useT } from '../../i18n';
import { ScorecardEditor } from './ScorecardEditor';
import { weightTotal, type Scorecard } from './scorecardForm';

// ScorecardsTab: the tenant's quality scorecards (质检评分表). An inspector
// or manager makes and edits them; one is the default the weekly sampling
// scores on. A scorecard inspections were scored on is copied, not edited.
export function ScorecardsTab() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const write = can('quality:write');
  const list = useAsync(() => unwrap(api.GET('/v1/scorecards')), []);
  const [editor, setEditor] = useState<{ card: Scorecard | null; copy: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const remove = async (c: Scorecard) => {
    setError(null);
    try {
      await unwrap(api.DELETE('/v1/scorecards/{id}', { params: { path: { id: c.id } } }));
      message.success(t('perf.card.deleted'));
      await list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div data-testid="perf-scorecards">
      {write && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => setEditor({ card: null, copy: false })} data-testid="card-new">
          {t('perf.card.new')}
        </Button>
      )}
      <ProblemAlert error={error ?? list.error} />
      <Table<Scorecard> size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={false}
        onRow={(c) => ({ 'data-testid': `card-row-${c.name}` } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('common.name'), key: 'name', render: (_: unknown, c: Scorecard) => (
            <Space><a onClick={() => setEditor({ card: c, copy: false })}>{c.name}</a>{c.is_default && <Tag color="blue">{t('perf.card.default')}</Tag>}</Space>
          ) },
          { title: t('perf.card.criteria'), key: 'crit', render: (_: unknown, c: Scorecard) => t('perf.card.summary', {
            n: c.criteria?.length ?? 0, points: weightTotal(c.criteria ?? []), critical: (c.criteria ?? []).filter((x) => x.critical).length,
          }) },
          { title: t('perf.card.samples'), key: 's', width: 140, render: (_: unknown, c: Scorecard) => `${c.samples_per_week} + ${c.extra_samples}` },
          { title: t('perf.card.target'), dataIndex: 'target_score', key: 'target', width: 90 },
          ...(write ? [{ title: '', key: 'x', width: 160, render: (_: unknown, c: Scorecard) => (
            <Space size={4}>
              <Button size="small" onClick={() => setEditor({ card: c, copy: true })} data-testid={`card-copy-${c.name}`}>{t('perf.card.copy')}</Button>
              {!c.is_default && (
                <Popconfirm title={t('perf.card.deleteConfirm')} onConfirm={() => void remove(c)}>
                  <Button size="small" danger data-testid={`card-delete-${c.name}`}>{t('action.delete')}</Button>
                </Popconfirm>
              )}
            </Space>
          ) }] : []),
        ]} />
      <ScorecardEditor open={!!editor} card={editor?.card ?? null} copy={!!editor?.copy} readOnly={!write}
        onClose={() => setEditor(null)}
        onSaved={() => { setEditor(null); message.success(t('perf.sheet.done')); void list.reload(); }} />
    </div>
  );
}
