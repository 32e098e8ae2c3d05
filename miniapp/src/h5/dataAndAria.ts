// H5's own components (Button, Textarea) take a page's data-* and aria-* props onto their
// element, as Taro's put them on theirs; their other props are not the DOM's.

/** The data-* and aria-* props a component takes onto its element. */
export interface DataAndAria {
  [attribute: `data-${string}` | `aria-${string}`]: unknown
}

/** Of `props`, the data-* and aria-* ones. */
export const dataAndAriaOf = (props: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith('data-') || k.startsWith('aria-')))
