import { useEffect, useRef, useState } from 'react';
import { Button, Divider, Select, Space, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, unwrap, type Schemas } from '../../api/client';
import { useT } from '../../i18n';
import { CustomerFormDrawer } from '../customers/CustomerFormDrawer';
import { tierColor } from './labels';

type Customer = Schemas['CustomerView'];

// CustomerSelect searches customers by name, phone or email as one types;
// with onCreate it also offers "新建客户" for a caller not yet on file.
export function CustomerSelect({ value, onChange, allowCreate, placeholder, style, testId }: {
  value?: string;
  onChange?: (id: string | undefined, c?: Customer) => void;
  allowCreate?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const t = useT();
  const [found, setFound] = useState<Customer[]>([]);
  const [picked, setPicked] = useState<Customer | undefined>();
  const [searching, setSearching] = useState(false);
  const [text, setText] = useState('');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);

  const search = (q: string) => {
    setText(q);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(async () => {
      const n = ++seq.current;
      setSearching(true);
      try {
        const r = await unwrap(api.GET('/v1/customers', { params: { query: { q: q.trim() || undefined, limit: 20 } } }));
        if (n === seq.current) { setFound(r.items ?? []); setError(false); }
      } catch {
        if (n === seq.current) setError(true);
      } finally {
        if (n === seq.current) setSearching(false);
      }
    }, 250);
  };

  useEffect(() => () => window.clearTimeout(timer.current), []);

  // A value set from outside (a link, a just-created customer) needs its label.
  useEffect(() => {
    if (!value || picked?.id === value || found.some((c) => c.id === value)) return;
    let live = true;
    unwrap(api.GET('/v1/customers/{id}', { params: { path: { id: value } } })).then((c) => live && setPicked(c), () => {});
    return () => { live = false; };
  }, [value, picked, found]);

  const list = picked && !found.some((c) => c.id === picked.id) ? [picked, ...found] : found;
  const opts = list.map((c) => ({
    value: c.id,
    label: (
      <Space size={6}>
        <span>{c.name}</span>
        {c.phone && <span style={{ color: '#888' }}>{c.phone}</span>}
        {c.tier !== 'regular' && <Tag color={tierColor[c.tier]} style={{ marginInlineEnd: 0 }}>{t(`desk.tier.${c.tier}`)}</Tag>}
      </Space>
    ),
  }));

  return (
    <>
      <Select
        showSearch={{ filterOption: false, onSearch: search }}
        allowClear
        value={value}
        placeholder={placeholder ?? t('desk.customer.pick')}
        style={style}
        loading={searching}
        options={opts}
        status={error ? 'error' : undefined}
        notFoundContent={error ? t('error.network') : t('desk.customer.none')}
        onOpenChange={(o) => o && found.length === 0 && search(text)}
        onChange={(id?: string) => {
          const c = list.find((x) => x.id === id);
          setPicked(c);
          onChange?.(id, c);
        }}
        popupRender={(menu) => (
          <>
            {menu}
            {allowCreate && (
              <>
                <Divider style={{ margin: '4px 0' }} />
                <Button type="link" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-inline-new">
                  {text.trim() ? t('desk.customer.createNamed', { name: text.trim() }) : t('desk.customer.new')}
                </Button>
              </>
            )}
          </>
        )}
        data-testid={testId}
      />
      {allowCreate && (
        <CustomerFormDrawer
          open={creating}
          initialName={text.trim()}
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            setPicked(c);
            setFound((f) => [c, ...f]);
            onChange?.(c.id, c);
          }}
        />
      )}
    </>
  );
}
