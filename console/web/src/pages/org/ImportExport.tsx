import { useState } from 'react';
import { Alert, Button, Modal, Space, Typography, Upload, App } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { saveJson } from './download';
import { useApiSubmit } from '../../components/useApiSubmit';

type OrgDocument = Schemas['Document'];

// ExportButton downloads the whole org chart as the API's JSON document.
export function ExportButton() {
  const t = useT();
  const { message } = App.useApp();
  const { run, busy, error, reset } = useApiSubmit();
  const exportDoc = async () => {
    const doc = await run(() => unwrap(api.GET('/v1/org-chart/export')));
    if (!doc) return;
    saveJson(doc, `org-chart-${dayjs().format('YYYYMMDD-HHmm')}.json`);
    message.success(t('org.io.exported'));
  };
  return (
    <>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void exportDoc()} data-testid="org-export">{t('org.io.export')}</Button>
      {!!error && (
        <Modal open title={t('org.io.export')} footer={null} onCancel={reset}>
          <ProblemAlert error={error} />
        </Modal>
      )}
    </>
  );
}

// parseDocument reads an uploaded file as an org chart document; the API
// validates the content, here we only need well-formed JSON.
export function parseDocument(text: string): OrgDocument {
  const v: unknown = JSON.parse(text);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SyntaxError('expected a JSON object');
  return v as OrgDocument;
}

// ImportButton uploads a JSON document that replaces the org chart; the
// API checks everything first and its errors are listed in the dialog.
export function ImportButton({ onImported }: { onImported: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; doc: OrgDocument } | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const { run, busy, error, reset } = useApiSubmit();

  const close = () => {
    setOpen(false);
    setFile(null);
    setParseError(null);
    reset();
  };
  const pick = async (f: File) => {
    reset();
    setFile(null);
    setParseError(null);
    try {
      setFile({ name: f.name, doc: parseDocument(await f.text()) });
    } catch (e) {
      setParseError(t('org.io.badJson', { error: e instanceof Error ? e.message : String(e) }));
    }
  };
  const submit = async () => {
    if (!file) return;
    const r = await run(() => unwrap(api.POST('/v1/org-chart/import', { body: file.doc })));
    if (!r) return;
    message.success(t('org.io.imported', { units: r.units, positions: r.positions, assignments: r.assignments }));
    close();
    onImported();
  };

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="org-import">{t('org.io.import')}</Button>
      {open && (
        <Modal
          open
          title={t('org.io.importTitle')}
          onCancel={close}
          footer={
            <Space>
              <Button onClick={close}>{t('action.cancel')}</Button>
              <Button type="primary" danger disabled={!file} loading={busy} onClick={() => void submit()} data-testid="import-confirm">{t('org.io.confirm')}</Button>
            </Space>
          }
        >
          <Alert type="warning" showIcon title={t('org.io.importWarn')} style={{ marginBottom: 16 }} />
          {!!error && <Typography.Text strong type="danger" style={{ display: 'block', marginBottom: 8 }}>{t('org.io.importFailed')}</Typography.Text>}
          <ProblemAlert error={error} />
          {parseError && <Alert type="error" showIcon title={parseError} style={{ marginBottom: 16 }} data-testid="import-parse-error" />}
          <Upload.Dragger
            accept=".json,application/json"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              void pick(f);
              return false;
            }}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{file ? file.name : t('org.io.pick')}</p>
            {file && (
              <p className="ant-upload-hint">
                {t('org.io.fileSummary', { units: file.doc.units?.length ?? 0, positions: file.doc.positions?.length ?? 0, assignments: file.doc.assignments?.length ?? 0 })}
              </p>
            )}
          </Upload.Dragger>
        </Modal>
      )}
    </>
  );
}
