import { useMemo, useState } from 'react';
import { App, Button, Card, Empty, Flex, Popconfirm, Space, Spin, Tooltip, Tree, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { DataNode } from 'antd/es/tree';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useAsync } from '../../components/useAsync';
import { useLocale } from '../../i18n';
import { PageHead } from '../people/PageHead';
import { CategoryModal } from './CategoryModal';
import { buildTree, type Category, type CategoryNode } from './categoryTree';

// Categories is the ticket classification tree (分类) agents pick from.
export default function Categories() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const writable = can('sla:write') && !me?.read_only;
  const { data, error, loading, reload } = useAsync(async () => (await unwrap(api.GET('/v1/categories'))).items ?? [], []);
  const [adding, setAdding] = useState<{ parent: Category | null } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  // Row actions fade in on hover or focus, so the tree itself stays readable.
  const [hover, setHover] = useState<string | null>(null);
  const tree = useMemo(() => buildTree(data ?? []), [data]);

  const remove = async (c: Category) => {
    setActionError(null);
    try {
      await unwrap(api.DELETE('/v1/categories/{id}', { params: { path: { id: c.id } } }));
      message.success(t('settings.cat.deleted', { name: c.name }));
      void reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const toData = (nodes: CategoryNode[]): DataNode[] => nodes.map((n) => {
    const c = n.category;
    const other = locale === 'en' ? c.name : c.name_en;
    return {
      key: c.id,
      title: (
        <Flex gap={12} align="center" data-testid={`category-${c.name}`} onMouseEnter={() => setHover(c.id)} onMouseLeave={() => setHover(null)}
          onFocus={() => setHover(c.id)}>
          <span>{locale === 'en' && c.name_en ? c.name_en : c.name}</span>
          {other && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{other}</Typography.Text>}
          {writable && (
            <Space size={0} onClick={(e) => e.stopPropagation()} style={{ opacity: hover === c.id ? 1 : 0, transition: 'opacity .15s' }}>
              <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setAdding({ parent: c })} data-testid={`category-add-${c.name}`}>
                {t('settings.cat.addChild')}
              </Button>
              {n.children.length ? (
                <Tooltip title={t('settings.cat.hasChildren')}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} disabled>{t('action.delete')}</Button>
                </Tooltip>
              ) : (
                <Popconfirm title={t('settings.cat.confirmDelete', { name: c.name })} description={t('settings.cat.deleteHint')} onConfirm={() => remove(c)} okButtonProps={{ danger: true }}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`category-delete-${c.name}`}>{t('action.delete')}</Button>
                </Popconfirm>
              )}
            </Space>
          )}
        </Flex>
      ),
      children: toData(n.children),
    };
  });

  return (
    <div>
      <PageHead title={t('nav.categories')} hint={t('settings.cat.pageHint')}
        extra={writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding({ parent: null })} data-testid="category-add-root">{t('settings.cat.addRoot')}</Button>} />
      <ProblemAlert error={error || actionError} onClose={actionError ? () => setActionError(null) : undefined} />
      <Card>
        {loading && !data ? <Spin style={{ display: 'block', margin: 24 }} />
          : tree.length === 0 ? <Empty description={t('common.empty')} />
          : <Tree key={(data ?? []).length} treeData={toData(tree)} defaultExpandAll selectable={false} blockNode data-testid="category-tree" />}
      </Card>
      <CategoryModal open={!!adding} parent={adding?.parent ?? null} onClose={() => setAdding(null)}
        onCreated={(c) => { setAdding(null); message.success(t('settings.cat.created', { name: c.name })); void reload(); }} />
    </div>
  );
}
