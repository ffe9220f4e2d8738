//! Evidence files (依据性文件): PDFs and images, checked by their content (not their name),
//! limited in size and number, kept in the database with their checksum.
use crate::error::{UserError, UserErrorCode};

/// At most this many files a request.
pub const MAX_FILES: usize = 5;
/// At most this many bytes a file.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// A file as uploaded: its name and bytes.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A file that passed the checks.
#[derive(Debug)]
pub struct Evidence {
    pub file_name: String,
    pub content_type: &'static str,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// The media type of a PDF, PNG or JPEG, by its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// A file name safe to show and to offer for download: no path, no control characters, at
/// most 100 characters.
fn clean_name(raw: &str, n: usize, content_type: &str, stem: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    let name = name.trim();
    if name.is_empty() {
        let ext = match content_type {
            "application/pdf" => "pdf",
            "image/png" => "png",
            _ => "jpg",
        };
        format!("{stem}-{n}.{ext}")
    } else {
        name.to_string()
    }
}

/// Checks the files of a request: at least one (rule 15: evidence is required to submit), at
/// most [`MAX_FILES`], each a PDF or an image of at most [`MAX_BYTES`].
pub fn check(files: Vec<Upload>) -> Result<Vec<Evidence>, Vec<UserError>> {
    check_files(files, true, "evidence", ("依据", "evidence"))
}

/// Checks files uploaded as input `field`: at least one when `required`, at most [`MAX_FILES`],
/// each a PDF or an image of at most [`MAX_BYTES`]. A file without a name is called after
/// `stem` (Chinese, and its English word for messages) and its position.
pub fn check_files(
    files: Vec<Upload>,
    required: bool,
    field: &str,
    stem: (&str, &str),
) -> Result<Vec<Evidence>, Vec<UserError>> {
    let mut errors = Vec::new();
    if required && files.is_empty() {
        errors.push(UserError::new(
            field,
            UserErrorCode::Required,
            "请上传依据性文件（PDF 或图片）",
            "Attach the evidence (a PDF or an image)",
        ));
    }
    if files.len() > MAX_FILES {
        errors.push(UserError::new(
            field,
            UserErrorCode::Invalid,
            format!("最多上传 {MAX_FILES} 个{}文件", stem.0),
            format!("At most {MAX_FILES} {} files", stem.1),
        ));
    }
    let mut out = Vec::new();
    for (i, f) in files.into_iter().enumerate().take(MAX_FILES) {
        let field = format!("{field}.{i}");
        if f.bytes.len() > MAX_BYTES {
            errors.push(UserError::new(
                &field,
                UserErrorCode::Invalid,
                format!("文件过大：每个文件上限 {} MB", MAX_BYTES / (1024 * 1024)),
                format!("File too large: at most {} MB each", MAX_BYTES / (1024 * 1024)),
            ));
            continue;
        }
        let Some(content_type) = sniff(&f.bytes) else {
            errors.push(UserError::new(
                &field,
                UserErrorCode::Invalid,
                "只接受 PDF、PNG 或 JPEG 文件",
                "Only PDF, PNG or JPEG files are accepted",
            ));
            continue;
        };
        out.push(Evidence {
            file_name: clean_name(&f.file_name, i + 1, content_type, stem.0),
            content_type,
            sha256: crate::documents::checksum(&f.bytes),
            bytes: f.bytes,
        });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(name: &str, bytes: &[u8]) -> Upload {
        Upload { file_name: name.into(), bytes: bytes.to_vec() }
    }

    #[test]
    fn files_are_known_by_their_content_not_their_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        let errors = check(vec![up("发票.pdf", b"MZ\x90\x00 not a pdf")]).unwrap_err();
        assert_eq!(errors[0].field.join("."), "input.evidence.0");
    }

    #[test]
    fn evidence_is_required_bounded_and_named_safely() {
        assert_eq!(check(vec![]).unwrap_err()[0].code, UserErrorCode::Required);
        let six: Vec<Upload> = (0..6).map(|_| up("a.pdf", b"%PDF-1.4")).collect();
        assert!(check(six).is_err());
        let big = vec![0u8; MAX_BYTES + 1];
        assert!(check(vec![up("big.pdf", &big)]).is_err());
        let ok = check(vec![up("../../etc/账单\u{0}.pdf", b"%PDF-1.4"), up("", b"\x89PNG\r\n\x1a\n")]).unwrap();
        assert_eq!(ok[0].file_name, "账单.pdf");
        assert_eq!(ok[1].file_name, "依据-2.png");
        assert_eq!(ok[0].sha256.len(), 64);
    }
}
