// Waiting for what Taro renders late in jsdom.
import { waitFor } from '@testing-library/react';

/**
 * The <textarea> under `container` (matching `selector`), once it is there: a form that just
 * appeared may still be waiting for what it shows (the account, the calendar) before its fields.
 */
export const textareaIn = (container: ParentNode, selector = 'textarea'): Promise<HTMLTextAreaElement> =>
  waitFor(() => {
    const el = container.querySelector<HTMLTextAreaElement>(selector);
    if (!el) throw new Error(`no ${selector} yet`);
    return el;
  });
