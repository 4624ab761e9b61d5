package com.crosswalk.web;

import org.springframework.http.converter.HttpMessageNotReadableException;

/** Turns framework errors into short messages a person can act on, without echoing huge input back. */
final class RequestErrors {

    private RequestErrors() {
    }

    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        String message = cause.getMessage() == null ? "unreadable" : cause.getMessage();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        return clip(printable(message.replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z.]+\\.([A-Za-z]+)`", "$1")));
    }

    static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** Control characters (a NUL, an escape) shown as \\uXXXX rather than echoed raw into a message. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isSurrogate((char) c)
                    && c < 0x10000) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
