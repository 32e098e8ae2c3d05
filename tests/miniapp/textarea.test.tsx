// NutUI's TextArea over the H5 build's own Textarea (miniapp/src/h5/Textarea.tsx): what is
// typed reaches the page as Taro's reached it, a word an input method is composing is neither
// handed on half typed nor reset by the page re-rendering meanwhile, a value the page sets is
// shown, and the form's data-field stays on the element.
import { act, fireEvent, render } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { TextArea } from '@nutui/nutui-react-taro';

function Form({ seen, initial = '' }: { seen: string[]; initial?: string }) {
  const [text, setText] = useState(initial);
  return (
    <>
      <TextArea
        data-field="note"
        value={text}
        maxLength={10}
        showCount
        autoSize
        onChange={(v) => {
          seen.push(v);
          setText(v);
        }}
      />
      <button type="button" onClick={() => setText('由页面填写')}>
        fill
      </button>
    </>
  );
}

const box = (c: HTMLElement) => c.querySelector<HTMLTextAreaElement>('[data-field="note"]')!;

describe('H5 textarea', () => {
  it('hands each input on with its value, cut at maxLength, and keeps the field name on the element', async () => {
    const seen: string[] = [];
    const { container } = render(<Form seen={seen} />);
    const ta = box(container);
    expect(ta.tagName).toBe('TEXTAREA');
    expect(ta.maxLength).toBe(10);
    await act(async () => void fireEvent.input(ta, { target: { value: '检测' } }));
    await act(async () => void fireEvent.input(ta, { target: { value: '检测咨询服务需求说明超长了' } }));
    expect(seen).toEqual(['检测', '检测咨询服务需求说明']);
    expect(ta.value).toBe('检测咨询服务需求说明');
    expect(container.textContent).toContain('10/10');
  });

  it('hands on a composed word once, at its end, and a re-render meanwhile leaves it as typed', async () => {
    const seen: string[] = [];
    const { container, getByText, rerender } = render(<Form seen={seen} initial="需求" />);
    const ta = box(container);
    expect(ta.value).toBe('需求');
    await act(async () => void fireEvent.compositionStart(ta));
    await act(async () => void fireEvent.input(ta, { target: { value: '需求jian' } }));
    rerender(<Form seen={seen} initial="需求" />);
    expect(seen).toEqual([]);
    expect(ta.value).toBe('需求jian');
    await act(async () => void fireEvent.compositionEnd(ta, { target: { value: '需求检测' } }));
    expect(seen).toEqual(['需求检测']);
    expect(ta.value).toBe('需求检测');
    // A value the page sets is shown.
    await act(async () => void fireEvent.click(getByText('fill')));
    expect(ta.value).toBe('由页面填写');
  });
});
