// The form hook every form of the mini-program is built on, in jsdom against
// the real API: the shared schema's messages by field before anything is
// sent, one submission however fast the button is tapped (and the button
// disabled meanwhile), a 400's issues shown on their fields; and a load that
// fails is shown with a retry instead of an empty list.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ComplaintInputSchema, type CreateNeedInput } from '@qi/shared';
import { createNeed, newIdempotencyKey } from '../../miniapp/src/api';
import { Field } from '../../miniapp/src/components/Field';
import { useForm, type FormSchema } from '../../miniapp/src/hooks/useForm';
import EditStationPage from '../../miniapp/src/packageManage/pages/stations/edit';
import InboxPage from '../../miniapp/src/packageStaff/pages/inbox/index';
import { call, signInAs, tokenOf } from './support/api';
import { network, router } from './support/taro';

function field(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
}

/** A complaint's content over the shared schema; `send` is what the test gives. */
function ContentForm({ send }: { send: (body: { content: string }) => Promise<void> }) {
  const [values, setValues] = useState({ content: '' });
  const form = useForm({
    state: [values, setValues],
    schema: ComplaintInputSchema,
    body: (v) => ({ needId: '00000000-0000-4000-8000-000000000000', targetKind: 'need', content: v.content }),
    send,
  });
  return (
    <View>
      <Field label="内容" name="content" error={form.errors.content}>
        <Input value={values.content} onChange={(v) => form.update((d) => ({ ...d, content: v }))} />
      </Field>
      <Button loading={form.busy} disabled={form.busy} onClick={() => void form.submit()}>
        提交
      </Button>
    </View>
  );
}

const typeInto = async (name: string, text: string) => {
  const box = field(name).querySelector<HTMLElement>('input')!;
  await userEvent.setup().type(box, text);
};

describe('the form hook', () => {
  it('shows the shared schema’s message on its field and sends nothing; typing clears it', async () => {
    const sent: unknown[] = [];
    render(<ContentForm send={async (b) => void sent.push(b)} />);
    await typeInto('content', '太短');
    fireEvent.click(screen.getByText('提交'));
    const message = ComplaintInputSchema.safeParse({ needId: 'x', targetKind: 'need', content: '太短' }).error!.issues.find(
      (i) => i.path[0] === 'content',
    )!.message;
    expect(await within(field('content')).findByText(message)).toBeTruthy();
    expect(sent).toEqual([]);
    await typeInto('content', '，补充更多的情况说明');
    await waitFor(() => expect(within(field('content')).queryByText(message)).toBeNull());
  });

  it('sends once however fast the button is tapped, and is disabled while sending', async () => {
    const sent: unknown[] = [];
    let finish = () => {};
    render(
      <ContentForm
        send={(b) => {
          sent.push(b);
          return new Promise<void>((resolve) => (finish = resolve));
        }}
      />,
    );
    await typeInto('content', '办理过程中一直没有进展，希望说明原因。');
    const button = () => screen.getByText('提交').closest<HTMLElement>('.nut-button')!;
    const disabled = () => button().className.includes('disabled');
    fireEvent.click(screen.getByText('提交'));
    fireEvent.click(screen.getByText('提交'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(disabled()).toBe(true));
    expect(sent).toHaveLength(1);
    finish();
    await waitFor(() => expect(disabled()).toBe(false));
    expect(sent).toHaveLength(1);
  });

  it('shows the issues of the server’s 400 on their fields', async () => {
    await signInAs('enterprise');
    // A check that lets everything through: the server is the one to refuse.
    const anything: FormSchema<CreateNeedInput> = { safeParse: (v) => ({ success: true, data: v as CreateNeedInput }) };
    function PhoneForm() {
      const [values, setValues] = useState({ contactPhone: '12345' });
      const form = useForm({
        state: [values, setValues],
        schema: anything,
        body: (v) => ({
          title: '服务器的校验',
          description: '需要了解检测项目和标准要求。',
          categories: ['testing'],
          contactName: '林晓华',
          contactPhone: v.contactPhone,
        }),
        send: async (body) => void (await createNeed(body, newIdempotencyKey(), { toast: false })),
        onFailure: () => {},
      });
      return (
        <View>
          <Field label="联系电话" name="contactPhone" error={form.errors.contactPhone}>
            <Text>{values.contactPhone}</Text>
          </Field>
          <Button onClick={() => void form.submit()}>提交</Button>
        </View>
      );
    }
    render(<PhoneForm />);
    fireEvent.click(screen.getByText('提交'));
    expect(await within(field('contactPhone')).findByText('联系电话应为 11 位手机号或带区号的固定电话（如 0898-66661234）')).toBeTruthy();
  });
});

describe('a load that fails', () => {
  it('shows the station’s specialists failing to load, with a retry, not an empty list', async () => {
    await signInAs('manager');
    const list = (await call('GET', '/api/stations', { token: await tokenOf('manager') })).body;
    const station = (Array.isArray(list) ? list : list.items)[0];
    router.set('/packageManage/pages/stations/edit', { id: station.id });
    network.failNext('before', /^\/api\/specialists/);
    render(<EditStationPage />);
    const card = await waitFor(() => {
      const el = screen.getByText('服务专员').closest<HTMLElement>('.edit__card');
      if (!el) throw new Error('no card');
      return el;
    });
    expect(await within(card).findByText('网络异常')).toBeTruthy();
    fireEvent.click(within(card).getByText('重试'));
    expect(await within(card).findByText('保存服务专员')).toBeTruthy();
    await waitFor(() => expect(card.querySelectorAll('input[type="checkbox"], .nut-checkbox').length).toBeGreaterThan(0));
  });

  it('says the queue’s counts failed to load and loads them on a tap', async () => {
    await signInAs('specialist');
    router.set('/packageStaff/pages/inbox/index');
    network.failNext('before', /^\/api\/needs\/counts/);
    render(<InboxPage />);
    const notice = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('[data-counts-error]');
      if (!el) throw new Error('no notice yet');
      return el;
    });
    expect(notice.textContent).toContain('点此重试');
    fireEvent.click(notice);
    await waitFor(() => expect(document.querySelector('[data-counts-error]')).toBeNull());
  });
});
