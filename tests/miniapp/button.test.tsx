// NutUI's Button over the H5 build's own Button (miniapp/src/h5/Button.tsx): a plain <button>
// that submits nothing unless asked (type="button"), keeps NutUI's classes and the page's
// data-* and aria-* on the element, and answers no tap while disabled or loading.
import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Button } from '@nutui/nutui-react-taro';

describe('H5 button', () => {
  it("is a <button> of NutUI's classes that submits nothing, its data-* and aria-* on the element, and hands the tap on", () => {
    let taps = 0;
    const { getByText } = render(
      <form onSubmit={() => taps--}>
        <Button type="primary" data-action="accept" aria-describedby="hint" onClick={() => taps++}>
          受理
        </Button>
      </form>,
    );
    const el = getByText('受理').closest('button')!;
    expect(el.type).toBe('button');
    expect(el.className).toContain('nut-button-primary');
    expect(el.dataset.action).toBe('accept');
    expect(el.getAttribute('aria-describedby')).toBe('hint');
    fireEvent.click(el);
    expect(taps).toBe(1);
  });

  it('submits its form only when given formType submit', () => {
    let submitted = 0;
    const { getByText } = render(
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submitted++;
        }}
      >
        <Button formType="submit">提交</Button>
      </form>,
    );
    const el = getByText('提交').closest('button')!;
    expect(el.type).toBe('submit');
    fireEvent.click(el);
    expect(submitted).toBe(1);
  });

  it('answers no tap while disabled or loading', () => {
    let taps = 0;
    const { getByText, container } = render(
      <>
        <Button disabled onClick={() => taps++}>
          派单
        </Button>
        <Button loading onClick={() => taps++}>
          提交中
        </Button>
      </>,
    );
    const disabled = getByText('派单').closest('button')!;
    // NutUI keeps the tap itself (its class greys the button); the element stays focusable.
    expect(disabled.className).toContain('nut-button-disabled');
    fireEvent.click(disabled);
    fireEvent.click(container.querySelectorAll('button')[1]!);
    expect(taps).toBe(0);
  });
});
