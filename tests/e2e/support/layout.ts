// Measuring a page's layout in the browser: the boxes of its visible fields
// (and whatever sticks out of its own field), boxes that overlap, and
// anything wider than the screen. Used by the long-text and large-font tests.
import type { Locator, Page } from 'playwright-core';
import { shown } from './index';

export interface Box {
  name: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The boxes of the visible fields, and the controls that stick out of their own field. */
export async function layout(page: Page, within: Locator = shown(page)): Promise<{ fields: Box[]; outside: string[] }> {
  return within.evaluate((root) => {
    const box = (el: Element, name: string) => {
      const r = el.getBoundingClientRect();
      return { name, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const seen = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const fields = Array.from(root.querySelectorAll('.field')).filter(seen);
    const outside: string[] = [];
    for (const field of fields) {
      const f = field.getBoundingClientRect();
      for (const control of Array.from(field.querySelectorAll('textarea, input, .field__error, .field__hint'))) {
        if (!seen(control)) continue;
        const c = control.getBoundingClientRect();
        if (c.top < f.top - 1 || c.bottom > f.bottom + 1 || c.left < f.left - 1 || c.right > f.right + 1) {
          outside.push(
            `${field.getAttribute('data-field') ?? '?'}: ${control.tagName.toLowerCase()} ${Math.round(c.bottom - f.bottom)}px below`,
          );
        }
      }
    }
    return { fields: fields.map((f, i) => box(f, f.getAttribute('data-field') ?? `field ${i + 1}`)), outside };
  });
}

export function overlaps(boxes: Box[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apart = a.bottom <= b.top + 1 || b.bottom <= a.top + 1 || a.right <= b.left + 1 || b.right <= a.left + 1;
      if (!apart) found.push(`${a.name} × ${b.name}`);
    }
  }
  return found;
}

/**
 * What the page shown draws outside the screen's width: the document scrolls
 * sideways, or an element's box ends past the right edge (those inside a
 * container that scrolls sideways on purpose, like a row of tabs, excepted).
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return shown(page).evaluate((root) => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) found.push(`document ${document.documentElement.scrollWidth}px > ${width}px`);
    const scrollsSideways = (el: Element) => {
      for (let p = el.parentElement; p && p !== root.parentElement; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.right > width + 1 && !scrollsSideways(el)) {
        const text = (el.textContent ?? '').trim().slice(0, 20);
        found.push(
          `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0]} «${text}» ends at ${Math.round(r.right)}px`,
        );
      }
    }
    return found.slice(0, 20);
  });
}

/**
 * Texts of the page shown drawn over each other: the boxes of its visible
 * text runs (measured as drawn, so a text spilling out of a fixed-height box
 * counts where it lands), pairwise. A larger font breaks a fixed height this way.
 */
export async function overlappingTexts(page: Page): Promise<string[]> {
  return shown(page).evaluate((root) => {
    const runs: { name: string; r: { top: number; bottom: number; left: number; right: number } }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed' || el.closest('[aria-hidden="true"]')) continue;
      // What of it is drawn: clipped by every ancestor that hides its overflow (a scrolling notice's other lines).
      let clip = { top: -Infinity, bottom: Infinity, left: -Infinity, right: Infinity };
      for (let a: Element | null = el; a && a !== document.documentElement; a = a.parentElement) {
        if (getComputedStyle(a).overflow === 'visible') continue;
        const c = a.getBoundingClientRect();
        clip = {
          top: Math.max(clip.top, c.top),
          bottom: Math.min(clip.bottom, c.bottom),
          left: Math.max(clip.left, c.left),
          right: Math.min(clip.right, c.right),
        };
      }
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const box of Array.from(range.getClientRects())) {
        const r = {
          top: Math.max(box.top, clip.top),
          bottom: Math.min(box.bottom, clip.bottom),
          left: Math.max(box.left, clip.left),
          right: Math.min(box.right, clip.right),
        };
        if (r.right - r.left > 1 && r.bottom - r.top > 1) runs.push({ name: text.slice(0, 12), r });
      }
    }
    const found: string[] = [];
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const a = runs[i]!.r;
        const b = runs[j]!.r;
        // Lines of one paragraph touch; only a real overlap (2 px either way) counts.
        const apart = a.bottom <= b.top + 2 || b.bottom <= a.top + 2 || a.right <= b.left + 2 || b.right <= a.left + 2;
        if (!apart) found.push(`«${runs[i]!.name}» × «${runs[j]!.name}»`);
      }
    }
    return found.slice(0, 20);
  });
}

/**
 * The textareas in `within` whose text cannot all be read: taller than their
 * box without scrolling it, or scrolling it in a box taller than the area it
 * is seen in (the nearest scrolling ancestor, else the screen) — a scroll
 * inside a scroll, whose top or bottom lines are out of reach at any position.
 * A box that shows its whole text, or scrolls it inside a bounded box, passes.
 */
export async function unreadableTextareas(within: Locator): Promise<string[]> {
  return within.evaluate((root) => {
    const found: string[] = [];
    for (const ta of Array.from(root.querySelectorAll('textarea'))) {
      const r = ta.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(ta).visibility === 'hidden') continue;
      const name = ta.closest('[data-field]')?.getAttribute('data-field') ?? 'textarea';
      const cut = ta.scrollHeight > ta.clientHeight + 1;
      if (!cut) continue;
      const overflow = getComputedStyle(ta).overflowY;
      if (overflow !== 'auto' && overflow !== 'scroll') {
        found.push(`${name}: ${ta.scrollHeight}px of text in a ${ta.clientHeight}px box that does not scroll`);
        continue;
      }
      let room = window.innerHeight;
      for (let a = ta.parentElement; a; a = a.parentElement) {
        const o = getComputedStyle(a).overflowY;
        if (o === 'auto' || o === 'scroll') {
          room = Math.min(room, a.clientHeight);
          break;
        }
      }
      if (r.height > room + 1) found.push(`${name}: a ${Math.round(r.height)}px box scrolling its text inside a ${room}px area`);
    }
    return found;
  });
}

/** Why the element cannot be tapped where it is (off the screen, or covered there), or null when it can. */
export async function untappable(target: Locator): Promise<string | null> {
  return target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight + 1 || r.left < 0 || r.right > window.innerWidth + 1)
      return `off the screen (${Math.round(r.top)}–${Math.round(r.bottom)}px of ${window.innerHeight}px)`;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && (hit === el || el.contains(hit)) ? null : `covered by ${hit?.tagName.toLowerCase()}.${hit?.className ?? ''}`;
  });
}
