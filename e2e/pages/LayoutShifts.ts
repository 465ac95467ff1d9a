import type { Page } from '@playwright/test';

/** One `layout-shift` entry as recorded in the page. */
interface Shift {
  value: number;
  hadRecentInput: boolean;
  /** What moved, from where to where (for the failure message). */
  sources: string[];
}

type Recorder = { __carryoverShifts?: Shift[] };

/**
 * Layout shifts of a page, as Chromium reports them to a `PerformanceObserver` for
 * `layout-shift` entries (buffered: the shifts before the observer existed count too). The
 * total leaves out shifts within 0.5 s of an input, as Cumulative Layout Shift does; it is the
 * plain sum, not CLS's largest window, so it never reads lower than CLS.
 */
export class LayoutShifts {
  constructor(readonly page: Page) {}

  /** Records from the start of every document the page loads from now on. */
  async record(): Promise<void> {
    await this.page.addInitScript(() => {
      const recorder = window as unknown as Recorder;
      recorder.__carryoverShifts = [];
      const name = (node: Node | null): string => {
        if (!(node instanceof Element)) return node?.nodeName ?? '(gone)';
        const testId = node.getAttribute('data-testid');
        return `<${node.tagName.toLowerCase()}${testId ? ` data-testid=${testId}` : ''}${node.className ? ` class=${node.className}` : ''}>`;
      };
      const rect = (r: DOMRectReadOnly): string => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const shift = entry as PerformanceEntry & {
            value: number;
            hadRecentInput: boolean;
            sources?: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
          };
          recorder.__carryoverShifts?.push({
            value: shift.value,
            hadRecentInput: shift.hadRecentInput,
            sources: (shift.sources ?? []).map((s) => `${name(s.node)} ${rect(s.previousRect)} -> ${rect(s.currentRect)}`),
          });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
  }

  /** Forgets what was recorded so far in this document (before a route change within it). */
  async reset(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as Recorder).__carryoverShifts = [];
    });
  }

  /** The shifts so far, once the browser has drawn twice more (an entry arrives after its frame). */
  async total(): Promise<{ sum: number; report: string }> {
    const shifts = await this.page.evaluate(
      () =>
        new Promise<Shift[]>((done) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => setTimeout(() => done((window as unknown as Recorder).__carryoverShifts ?? []), 50)),
          ),
        ),
    );
    const counted = shifts.filter((s) => !s.hadRecentInput);
    const sum = counted.reduce((total, s) => total + s.value, 0);
    const report = counted.map((s) => `${s.value.toFixed(4)}: ${s.sources.join('; ')}`).join('\n');
    return { sum, report };
  }
}
