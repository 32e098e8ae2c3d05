// Waiting for what Taro renders late in jsdom.
import { waitFor } from '@testing-library/react';

/**
 * The <textarea> under `container` (matching `selector`), once it is there: Taro's Textarea is a
 * Stencil web component (@tarojs/components/lib/react) that renders its <textarea> a moment after
 * it mounts, so a form that just appeared may not have one yet.
 */
export const textareaIn = (container: ParentNode, selector = 'textarea'): Promise<HTMLTextAreaElement> =>
  waitFor(() => {
    const el = container.querySelector<HTMLTextAreaElement>(selector);
    if (!el) throw new Error(`no ${selector} yet`);
    return el;
  });
