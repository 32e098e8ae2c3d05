// A printable A4 document with Chinese text: pdfkit with Noto Sans SC (from
// @embedpdf/fonts-sc, as the QR poster uses it), embedded as a subset of the
// glyphs used so a file stays small. The builder knows headings, label/value
// tables that wrap long values, paragraphs and a footer with the page numbers.
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

/** The package exports no file paths: its fonts sit beside its dist folder. */
const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const REGULAR = path.join(FONT_DIR, 'NotoSansHans-Regular.otf');
const BOLD = path.join(FONT_DIR, 'NotoSansHans-Bold.otf');

const MARGIN = 50;
const LABEL_WIDTH = 120;
const COLOR_TEXT = '#1c2433';
const COLOR_MUTED = '#5e6a7d';
const COLOR_LINE = '#c9d1dd';
const COLOR_HEAD = '#eef2f8';
const COLOR_BAR = '#1f66d6';

export interface PdfMeta {
  title: string;
  /** Printed small under every page's footer line, e.g. the need's number. */
  footer: string;
  subject?: string;
}

export class PdfBuilder {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(private readonly meta: PdfMeta) {
    // The default font is Noto itself (pdfkit then never reads its own Helvetica metrics
    // file), registered under its path: pdfkit opens each font file once per document.
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
      font: REGULAR,
      bufferPages: true,
      info: { Title: meta.title, Subject: meta.subject ?? meta.title, Creator: '质量基础设施“一站式”服务' },
      lang: 'zh-CN',
    } as PDFKit.PDFDocumentOptions);
    this.doc.registerFont('bold', BOLD);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font(REGULAR).fillColor(COLOR_TEXT);
  }

  private get width() {
    return this.doc.page.width - MARGIN * 2;
  }

  private ensure(height: number) {
    if (this.doc.y + height > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  title(text: string, subtitle?: string): this {
    this.doc.font('bold').fontSize(18).fillColor(COLOR_TEXT).text(text, MARGIN, this.doc.y, { width: this.width, align: 'center' });
    if (subtitle)
      this.doc.moveDown(0.2).font(REGULAR).fontSize(10).fillColor(COLOR_MUTED).text(subtitle, { width: this.width, align: 'center' });
    this.doc.moveDown(0.8).fillColor(COLOR_TEXT);
    return this;
  }

  heading(text: string): this {
    this.ensure(40);
    this.doc.moveDown(0.6).font('bold').fontSize(12.5).fillColor(COLOR_TEXT).text(text, MARGIN, this.doc.y, { width: this.width });
    const y = this.doc.y + 2;
    this.doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + this.width, y)
      .lineWidth(0.8)
      .strokeColor('#1f66d6')
      .stroke();
    this.doc.moveDown(0.4).font(REGULAR).fontSize(10);
    return this;
  }

  /** A two-column table: label | value, values wrapped; an empty value prints as —. */
  fields(rows: readonly (readonly [string, string | null | undefined])[]): this {
    this.doc.fontSize(10);
    const valueWidth = this.width - LABEL_WIDTH - 12;
    for (const [label, raw] of rows) {
      const value = raw === null || raw === undefined || raw === '' ? '—' : raw;
      const h =
        Math.max(this.doc.heightOfString(label, { width: LABEL_WIDTH - 12 }), this.doc.heightOfString(value, { width: valueWidth })) + 8;
      this.ensure(h);
      const y = this.doc.y;
      this.doc.rect(MARGIN, y, LABEL_WIDTH, h).fillAndStroke(COLOR_HEAD, COLOR_LINE);
      this.doc
        .rect(MARGIN + LABEL_WIDTH, y, this.width - LABEL_WIDTH, h)
        .lineWidth(0.5)
        .stroke(COLOR_LINE);
      this.doc.fillColor(COLOR_MUTED).text(label, MARGIN + 6, y + 4, { width: LABEL_WIDTH - 12 });
      this.doc.fillColor(COLOR_TEXT).text(value, MARGIN + LABEL_WIDTH + 6, y + 4, { width: valueWidth });
      this.doc.x = MARGIN;
      this.doc.y = y + h;
    }
    this.doc.moveDown(0.3);
    return this;
  }

  /** A table with a header row; columns get `widths` (fractions of the page width). */
  table(header: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): this {
    this.doc.fontSize(9.5);
    const cols = widths.map((w) => w * this.width);
    const drawRow = (cells: readonly string[], head: boolean) => {
      const h = Math.max(...cells.map((c, i) => this.doc.heightOfString(c || '—', { width: cols[i]! - 8 }))) + 8;
      this.ensure(h);
      const y = this.doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        if (head) this.doc.rect(x, y, cols[i]!, h).fillAndStroke(COLOR_HEAD, COLOR_LINE);
        else this.doc.rect(x, y, cols[i]!, h).lineWidth(0.5).stroke(COLOR_LINE);
        this.doc
          .font(head ? 'bold' : REGULAR)
          .fillColor(head ? COLOR_MUTED : COLOR_TEXT)
          .text(c || '—', x + 4, y + 4, { width: cols[i]! - 8 });
        x += cols[i]!;
      });
      this.doc.font(REGULAR).fillColor(COLOR_TEXT);
      this.doc.x = MARGIN;
      this.doc.y = y + h;
    };
    drawRow(header, true);
    if (!rows.length) drawRow([`（无）`, ...header.slice(1).map(() => '')], false);
    for (const r of rows) drawRow(r, false);
    this.doc.moveDown(0.3);
    return this;
  }

  /** A horizontal bar chart: one bar per row, its length by count, the count at its end. */
  bars(title: string, rows: readonly { label: string; count: number }[]): this {
    const labelWidth = 130;
    const barMax = this.width - labelWidth - 50;
    const max = Math.max(1, ...rows.map((r) => r.count));
    // The title stays with its first bar.
    this.ensure(46);
    this.doc.font('bold').fontSize(9.5).fillColor(COLOR_MUTED).text(title, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2).font(REGULAR).fontSize(9);
    if (!rows.length) this.paragraph('（无）', { muted: true });
    for (const r of rows) {
      const h = Math.max(14, this.doc.heightOfString(r.label, { width: labelWidth - 6 }) + 4);
      this.ensure(h);
      const y = this.doc.y;
      this.doc.fillColor(COLOR_TEXT).text(r.label, MARGIN, y + 2, { width: labelWidth - 6 });
      const w = r.count > 0 ? Math.max(2, (r.count / max) * barMax) : 0;
      if (w > 0) this.doc.rect(MARGIN + labelWidth, y + 3, w, h - 6).fill(COLOR_BAR);
      this.doc.fillColor(COLOR_MUTED).text(String(r.count), MARGIN + labelWidth + w + 4, y + 2, { width: 46, lineBreak: false });
      this.doc.x = MARGIN;
      this.doc.y = y + h;
    }
    this.doc.fillColor(COLOR_TEXT).moveDown(0.5);
    return this;
  }

  paragraph(text: string, opts: { muted?: boolean } = {}): this {
    this.ensure(20);
    this.doc
      .font(REGULAR)
      .fontSize(10)
      .fillColor(opts.muted ? COLOR_MUTED : COLOR_TEXT)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.fillColor(COLOR_TEXT).moveDown(0.3);
    return this;
  }

  /** Finishes the document: every page's footer (its title, number and page count), then the bytes. */
  async end(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.height - MARGIN;
      const oldBottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .moveTo(MARGIN, bottom - 4)
        .lineTo(MARGIN + this.width, bottom - 4)
        .lineWidth(0.5)
        .stroke(COLOR_LINE);
      this.doc
        .font(REGULAR)
        .fontSize(8.5)
        .fillColor(COLOR_MUTED)
        .text(`${this.meta.footer}\u3000第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, MARGIN, bottom, {
          width: this.width,
          align: 'center',
          lineBreak: false,
        });
      this.doc.page.margins.bottom = oldBottom;
    }
    this.doc.end();
    return this.done;
  }
}
