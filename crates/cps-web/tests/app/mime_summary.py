"""Reads each .eml file named on the command line with Python's standard
MIME parser under policy.default (what strict mail clients do) and prints,
as JSON, what a reader of the mail gets: the top-level Content-Type headers,
the MIME tree, the decoded text and HTML bodies and the attachments."""

import base64
import email
import json
import sys
from email import policy


def tree(part):
    if part.is_multipart():
        return {"type": part.get_content_type(), "parts": [tree(p) for p in part.iter_parts()]}
    return {"type": part.get_content_type()}


def summary(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=policy.default)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    attachments = []
    for a in msg.iter_attachments():
        data = a.get_content()
        if isinstance(data, str):
            data = data.encode("utf-8")
        attachments.append({
            "filename": a.get_filename(),
            "type": a.get_content_type(),
            "disposition": a.get_content_disposition(),
            "base64": base64.b64encode(data).decode("ascii"),
        })
    return {
        "file": path,
        "content_types": [str(v) for v in (msg.get_all("Content-Type") or [])],
        "mime_version": str(msg.get("MIME-Version")),
        "subject": str(msg.get("Subject")),
        "defects": [repr(d) for d in msg.defects],
        "tree": tree(msg),
        "text": text.get_content() if text is not None else None,
        "html": html.get_content() if html is not None else None,
        "attachments": attachments,
    }


print(json.dumps([summary(p) for p in sys.argv[1:]]))
