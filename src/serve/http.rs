//! Replies: status, content type, body; JSON helpers.

use serde::Serialize;

/// One HTTP reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// Body bytes.
    pub body: Vec<u8>,
    /// A file name to offer for saving (`Content-Disposition: attachment`).
    pub attachment: Option<String>,
}

impl Reply {
    /// 200 with `value` as JSON.
    pub fn json<T: Serialize>(value: &T) -> Reply {
        Reply::json_status(200, value)
    }

    /// `status` with `value` as JSON.
    pub fn json_status<T: Serialize>(status: u16, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply {
                status,
                content_type: "application/json",
                body,
                attachment: None,
            },
            Err(e) => Reply::error(500, &format!("cannot encode the answer: {e}")),
        }
    }

    /// An error: `{"error": message}`.
    pub fn error(status: u16, message: &str) -> Reply {
        let body = serde_json::json!({ "error": message })
            .to_string()
            .into_bytes();
        Reply {
            status,
            content_type: "application/json",
            body,
            attachment: None,
        }
    }

    /// 413: the body is over [`super::limits::MAX_BODY_BYTES`].
    pub fn too_large() -> Reply {
        Reply::error(
            413,
            &format!(
                "the request body is over {} bytes, the workbench's limit",
                super::limits::MAX_BODY_BYTES
            ),
        )
    }

    /// 200 with static bytes of a type.
    pub fn bytes(content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            content_type,
            body,
            attachment: None,
        }
    }

    /// A download named `file`.
    pub fn download(content_type: &'static str, body: Vec<u8>, file: String) -> Reply {
        Reply {
            attachment: Some(file),
            ..Reply::bytes(content_type, body)
        }
    }

    /// The tiny_http response.
    pub fn into_response(self) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let mut r = tiny_http::Response::from_data(self.body).with_status_code(self.status);
        let mut add = |name: &str, value: &str| {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                r.add_header(h);
            }
        };
        add("Content-Type", self.content_type);
        add("Cache-Control", "no-store");
        add("X-Content-Type-Options", "nosniff");
        if let Some(file) = &self.attachment {
            let safe: String = file
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            add(
                "Content-Disposition",
                &format!("attachment; filename=\"{safe}\""),
            );
        }
        r
    }
}
