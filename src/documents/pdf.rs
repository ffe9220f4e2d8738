//! A small layout engine for the business documents: A4 pages in one embedded CJK font,
//! paragraphs wrapped at the measured width with the Chinese line-breaking rules (避头尾: no
//! line starts with a closing mark, none ends with an opening one; Latin words stay whole),
//! label/value grids, ruled tables whose header repeats on a new page, and "第 n 页 / 共 m 页".
//! Layout first (a list of drawing operations per page), drawing at the end.
use std::sync::LazyLock;

use krilla::{
    Document,
    color::rgb,
    geom::{PathBuilder, Point, Rect},
    metadata::Metadata,
    num::NormalizedF32,
    page::PageSettings,
    paint::{Fill, Stroke},
    text::{Font, TextDirection},
};

use crate::error::{AppError, AppResult};

static FONT_DATA: &[u8] = include_bytes!("fonts/NotoSansSC-GB2312.otf");

static FACE: LazyLock<Option<ttf_parser::Face<'static>>> = LazyLock::new(|| ttf_parser::Face::parse(FONT_DATA, 0).ok());

/// A4 in points.
const PAGE: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 56.0;
const BOTTOM: f32 = PAGE.1 - MARGIN;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.5;

/// Characters a line may not start with (closing marks and trailing punctuation).
const NO_START: &str = "，。、；：？！）》」』】〕〉”’％‰…—·,.;:?!)]}%";
/// Characters a line may not end with (opening marks).
const NO_END: &str = "（《「『【〔〈“‘([{¥￥";

/// The width of `text` at `size` points, from the font's advances.
pub fn measure(text: &str, size: f32) -> f32 {
    let Some(face) = FACE.as_ref() else { return 0.0 };
    let units: f32 = text
        .chars()
        .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(face.units_per_em()) as f32)
        .sum();
    units * size / face.units_per_em() as f32
}

/// Splits `text` into lines no wider than `max` (as `width` measures), keeping Latin words and
/// numbers whole, honouring the line-breaking rules and the text's own line breaks.
pub fn wrap(text: &str, max: f32, width: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        // A run wider than the whole line (a long code in Latin letters) starts a line of its
        // own and breaks between its characters rather than running past the margin.
        let fitted = units(para).into_iter().flat_map(|u| {
            if u.chars().count() > 1 && width(&u) > max {
                u.chars().enumerate().map(|(i, c)| (c.to_string(), i == 0)).collect()
            } else {
                vec![(u, false)]
            }
        });
        for (unit, starts_long_run) in fitted {
            if starts_long_run && !line.trim().is_empty() {
                lines.push(line.trim_end().to_string());
                line = String::new();
            }
            let candidate = format!("{line}{unit}");
            if line.is_empty() || width(candidate.trim_end()) <= max {
                line = candidate;
                continue;
            }
            // A closing mark stays with the text before it (it hangs a little past the margin).
            if unit.chars().next().is_some_and(|c| NO_START.contains(c)) {
                line = candidate;
                continue;
            }
            // An opening mark goes down with the text it opens.
            let mut carry = String::new();
            while let Some(last) = line.chars().last().filter(|c| NO_END.contains(*c)) {
                line.pop();
                carry.insert(0, last);
            }
            lines.push(line.trim_end().to_string());
            line = format!("{carry}{}", unit.trim_start());
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Breakable units: a Latin word or number (with what sticks to it), a space, or one character.
fn units(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let word = |c: char| c.is_ascii_alphanumeric() || "-_./@+:#&%".contains(c);
    for c in text.chars() {
        match out.last_mut() {
            Some(last) if word(c) && last.chars().last().is_some_and(word) => last.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// How a table column aligns its text.
#[derive(Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// A table column: its heading, its share of the width and its alignment.
pub struct Column<'a> {
    pub title: &'a str,
    pub share: f32,
    pub align: Align,
}

enum Op {
    Text { x: f32, y: f32, size: f32, text: String, grey: bool },
    Line { x1: f32, y1: f32, x2: f32, y2: f32 },
    Shade { rect: (f32, f32, f32, f32) },
}

/// A document being laid out, page by page.
pub struct Layout {
    pages: Vec<Vec<Op>>,
    /// The top of the space left on the current page.
    y: f32,
    footer: String,
}

impl Layout {
    /// A new document whose pages carry `footer` (left) and the page number (right).
    pub fn new(footer: impl Into<String>) -> Self {
        Self { pages: vec![Vec::new()], y: MARGIN, footer: footer.into() }
    }

    pub const WIDTH: f32 = PAGE.0 - 2.0 * MARGIN;

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Makes room for `h` points, starting a new page when they do not fit.
    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn text_at(&mut self, x: f32, top: f32, size: f32, text: &str, grey: bool) {
        // Text is placed by its baseline: about 0.88 of the size below the line's top.
        let y = top + size * 0.88 + (LEADING - 1.0) * size / 2.0;
        self.ops().push(Op::Text { x, y, size, text: text.to_string(), grey });
    }

    /// Vertical space.
    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// A centred line (titles).
    pub fn centered(&mut self, text: &str, size: f32) {
        self.room(size * LEADING);
        let x = MARGIN + (Self::WIDTH - measure(text, size)) / 2.0;
        let top = self.y;
        self.text_at(x, top, size, text, false);
        self.y += size * LEADING;
    }

    /// A line with `left` at the margin and `right` against the right margin.
    pub fn split_line(&mut self, left: &str, right: &str, size: f32) {
        self.room(size * LEADING);
        let top = self.y;
        self.text_at(MARGIN, top, size, left, false);
        self.text_at(MARGIN + Self::WIDTH - measure(right, size), top, size, right, false);
        self.y += size * LEADING;
    }

    /// A wrapped paragraph, `indent` points in from the margin.
    pub fn paragraph(&mut self, text: &str, size: f32, indent: f32) {
        for line in wrap(text, Self::WIDTH - indent, |s| measure(s, size)) {
            self.room(size * LEADING);
            let top = self.y;
            self.text_at(MARGIN + indent, top, size, &line, false);
            self.y += size * LEADING;
        }
    }

    /// A section heading with a rule under it.
    pub fn heading(&mut self, text: &str, size: f32) {
        self.room(size * LEADING * 3.0);
        self.gap(size * 0.4);
        let top = self.y;
        self.text_at(MARGIN, top, size, text, false);
        self.y += size * LEADING;
        self.rule();
        self.gap(size * 0.3);
    }

    /// A thin rule across the page.
    pub fn rule(&mut self) {
        let y = self.y;
        self.ops().push(Op::Line { x1: MARGIN, y1: y, x2: MARGIN + Self::WIDTH, y2: y });
    }

    /// Label/value pairs in `per_row` columns; a long value wraps within its column.
    pub fn pairs(&mut self, pairs: &[(&str, String)], per_row: usize, size: f32) {
        let col = Self::WIDTH / per_row as f32;
        for row in pairs.chunks(per_row) {
            let cells: Vec<(String, Vec<String>)> = row
                .iter()
                .map(|(label, value)| {
                    let label = format!("{label}：");
                    let lw = measure(&label, size);
                    (label, wrap(value, col - lw - 8.0, |s| measure(s, size)))
                })
                .collect();
            let lines = cells.iter().map(|(_, v)| v.len()).max().unwrap_or(1);
            self.room(lines as f32 * size * LEADING);
            let top = self.y;
            for (i, (label, value)) in cells.iter().enumerate() {
                let x = MARGIN + i as f32 * col;
                self.text_at(x, top, size, label, true);
                let lw = measure(label, size);
                for (n, line) in value.iter().enumerate() {
                    self.text_at(x + lw, top + n as f32 * size * LEADING, size, line, false);
                }
            }
            self.y += lines as f32 * size * LEADING;
        }
    }

    /// A ruled table; the header row repeats at the top of each new page.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        let total: f32 = columns.iter().map(|c| c.share).sum();
        let widths: Vec<f32> = columns.iter().map(|c| c.share / total * Self::WIDTH).collect();
        let pad = 4.0;
        let line_h = size * LEADING;
        let header: Vec<String> = columns.iter().map(|c| c.title.to_string()).collect();
        let draw_row = |me: &mut Self, cells: &[String], shade: bool| {
            let wrapped: Vec<Vec<String>> =
                cells.iter().zip(&widths).map(|(text, w)| wrap(text, w - 2.0 * pad, |s| measure(s, size))).collect();
            let h = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_h + pad;
            let top = me.y;
            if shade {
                me.ops().push(Op::Shade { rect: (MARGIN, top, Self::WIDTH, h) });
            }
            let mut x = MARGIN;
            for ((lines, w), col) in wrapped.iter().zip(&widths).zip(columns) {
                for (n, line) in lines.iter().enumerate() {
                    let lw = measure(line, size);
                    let lx = match col.align {
                        Align::Left => x + pad,
                        Align::Right => x + w - pad - lw,
                        Align::Center => x + (w - lw) / 2.0,
                    };
                    me.text_at(lx, top + pad / 2.0 + n as f32 * line_h, size, line, false);
                }
                x += w;
            }
            me.y += h;
            let y = me.y;
            me.ops().push(Op::Line { x1: MARGIN, y1: y, x2: MARGIN + Self::WIDTH, y2: y });
            h
        };
        let row_height = |cells: &[String]| {
            cells
                .iter()
                .zip(&widths)
                .map(|(t, w)| wrap(t, w - 2.0 * pad, |s| measure(s, size)).len())
                .max()
                .unwrap_or(1) as f32
                * line_h
                + pad
        };
        self.room(row_height(&header) + row_height(rows.first().map(Vec::as_slice).unwrap_or(&header)));
        draw_row(self, &header, true);
        for row in rows {
            if self.y + row_height(row) > BOTTOM {
                self.new_page();
                let y = self.y;
                self.ops().push(Op::Line { x1: MARGIN, y1: y, x2: MARGIN + Self::WIDTH, y2: y });
                draw_row(self, &header, true);
            }
            draw_row(self, row, false);
        }
    }

    /// Signature blocks side by side under `caption`, kept on one page: each a title and lines
    /// to sign and date on.
    pub fn signatures(&mut self, caption: &str, blocks: &[(&str, &[&str])], size: f32) {
        let col = Self::WIDTH / blocks.len() as f32;
        let lines = blocks.iter().map(|(_, l)| l.len()).max().unwrap_or(0) + 1;
        let h = lines as f32 * size * LEADING * 1.6;
        self.room(h + size * LEADING);
        let top = self.y;
        self.text_at(MARGIN, top, size, caption, false);
        self.y += size * LEADING;
        let top = self.y;
        for (i, (title, fields)) in blocks.iter().enumerate() {
            let x = MARGIN + i as f32 * col;
            self.text_at(x, top, size, title, false);
            for (n, field) in fields.iter().enumerate() {
                let line_top = top + (n + 1) as f32 * size * LEADING * 1.6;
                self.text_at(x, line_top, size, field, true);
                let lx = x + measure(field, size) + 4.0;
                let ly = line_top + size * LEADING * 0.95;
                self.ops().push(Op::Line { x1: lx, y1: ly, x2: x + col - 16.0, y2: ly });
            }
        }
        self.y += h;
    }

    /// Every line of text laid out, in order (what the document says, for search and checks).
    pub fn lines(&self) -> Vec<String> {
        self.pages
            .iter()
            .flatten()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    /// The finished PDF: every page drawn, with its footer and "第 n 页 / 共 m 页".
    pub fn finish(self, title: &str) -> AppResult<Vec<u8>> {
        let font = Font::new(FONT_DATA.into(), 0).ok_or_else(|| AppError::internal("the document font"))?;
        let mut doc = Document::new();
        doc.set_metadata(Metadata::new().title(title.to_string()).language("zh-CN".into()));
        let count = self.pages.len();
        for (n, ops) in self.pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(PAGE.0, PAGE.1).ok_or_else(|| AppError::internal("page size"))?;
            let mut page = doc.start_page_with(settings);
            let mut surface = page.surface();
            let black = Fill { paint: rgb::Color::new(0, 0, 0).into(), ..Default::default() };
            let grey = Fill { paint: rgb::Color::new(96, 96, 96).into(), ..Default::default() };
            let stroke = Stroke {
                paint: rgb::Color::new(160, 160, 160).into(),
                width: 0.6,
                opacity: NormalizedF32::ONE,
                ..Default::default()
            };
            let footer = [(MARGIN, self.footer.clone()), (0.0, format!("第 {} 页 / 共 {count} 页", n + 1))];
            let mut all = ops;
            for (x, text) in footer {
                let size = 8.0;
                let x = if x == 0.0 { MARGIN + Self::WIDTH - measure(&text, size) } else { x };
                all.push(Op::Text { x, y: PAGE.1 - MARGIN / 2.0, size, text, grey: true });
            }
            for op in all {
                match op {
                    Op::Text { x, y, size, text, grey: g } => {
                        surface.set_fill(Some(if g { grey.clone() } else { black.clone() }));
                        surface.draw_text(Point::from_xy(x, y), font.clone(), size, &text, false, TextDirection::Auto);
                    }
                    Op::Line { x1, y1, x2, y2 } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(x1, y1);
                        pb.line_to(x2, y2);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(stroke.clone()));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                        }
                    }
                    Op::Shade { rect: (x, y, w, h) } => {
                        let mut pb = PathBuilder::new();
                        if let Some(r) = Rect::from_xywh(x, y, w, h) {
                            pb.push_rect(r);
                        }
                        if let Some(path) = pb.finish() {
                            surface.set_stroke(None);
                            surface.set_fill(Some(Fill {
                                paint: rgb::Color::new(242, 242, 242).into(),
                                ..Default::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        doc.finish().map_err(|e| AppError::internal(format!("PDF: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide: the rules are about where lines break, not the font.
    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn chinese_breaks_between_characters_at_the_width() {
        assert_eq!(wrap("政企客户经理工作台", 4.0, chars), ["政企客户", "经理工作", "台"]);
    }

    #[test]
    fn no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() {
        // "，" would start line 2: it stays on line 1, hanging past the width.
        assert_eq!(wrap("甲方乙方，丙方丁方", 4.0, chars), ["甲方乙方，", "丙方丁方"]);
        // "（" would end line 1: it goes down with what it opens.
        assert_eq!(wrap("合同期限（月）", 5.0, chars), ["合同期限", "（月）"]);
        assert_eq!(wrap("金额：“一万”元", 4.0, chars), ["金额：", "“一万”", "元"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole_and_line_breaks_are_kept() {
        assert_eq!(wrap("专线 100Mbps 接入", 7.0, chars), ["专线", "100Mbps", "接入"]);
        assert_eq!(wrap("GZ-2026-000001 号合同", 15.0, chars), ["GZ-2026-000001", "号合同"]);
        assert_eq!(wrap("第一行\n第二行", 10.0, chars), ["第一行", "第二行"]);
        // Only a run longer than a whole line is broken inside.
        assert_eq!(wrap("编号 ABCDEFGHIJ", 4.0, chars), ["编号", "ABCD", "EFGH", "IJ"]);
        assert_eq!(wrap("", 10.0, chars), [""]);
    }

    #[test]
    fn the_font_measures_chinese_wider_than_latin_and_knows_its_characters() {
        let han = measure("专线", 10.0);
        assert!((han - 20.0).abs() < 0.5, "a hanzi is one em: {han}");
        assert!(measure("ab", 10.0) < han);
        let face = FACE.as_ref().expect("the embedded font parses");
        assert!("甲乙方￥（）“”，。".chars().all(|c| face.glyph_index(c).is_some()));
    }

    #[test]
    fn a_long_table_repeats_its_header_and_numbers_its_pages() {
        let mut l = Layout::new("测试");
        let cols = [
            Column { title: "产品", share: 3.0, align: Align::Left },
            Column { title: "金额", share: 1.0, align: Align::Right },
        ];
        let rows: Vec<Vec<String>> = (0..80).map(|i| vec![format!("产品 {i}"), format!("{i}.00")]).collect();
        l.table(&cols, &rows, 10.0);
        assert!(l.pages.len() >= 3, "{} pages", l.pages.len());
        for page in &l.pages {
            let first = page.iter().find_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            });
            assert_eq!(first, Some("产品"), "each page starts with the header");
        }
        let pdf = l.finish("测试").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
