package io.permafrost.http.console;

/**
 * One server-rendered HTML page: the common frame (title, navigation, sign-out) around a body built
 * with methods that escape every piece of text they are given. Only {@link #raw} takes markup, and
 * only markup this package built.
 */
final class Page {
    private final StringBuilder body = new StringBuilder();
    private final String title;
    private final ConsoleSession session;

    Page(String title, ConsoleSession session) {
        this.title = title;
        this.session = session;
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    Page heading(String text) {
        body.append("<h1>").append(esc(text)).append("</h1>\n");
        return this;
    }

    Page subheading(String text) {
        body.append("<h2>").append(esc(text)).append("</h2>\n");
        return this;
    }

    Page paragraph(String text) {
        body.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    /** A refusal or validation failure, announced to screen readers. */
    Page error(String text) {
        body.append("<div class=\"error\" role=\"alert\" id=\"error\">").append(esc(text)).append("</div>\n");
        return this;
    }

    Page notice(String text) {
        body.append("<div class=\"notice\" role=\"status\" id=\"notice\">").append(esc(text)).append("</div>\n");
        return this;
    }

    Page code(String text) {
        body.append("<pre>").append(esc(text)).append("</pre>\n");
        return this;
    }

    Page raw(String html) {
        body.append(html);
        return this;
    }

    /** A POST form carrying the session's CSRF token and the page to come back to after a re-sign-in. */
    String form(String action, String back, String id, String fields, String button) {
        return "<form method=\"post\" action=\"" + esc(action) + "\"" + (id == null ? "" : " id=\"" + esc(id) + "\"")
                + ">\n<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.csrfToken()) + "\">\n"
                + "<input type=\"hidden\" name=\"back\" value=\"" + esc(back) + "\">\n" + fields
                + "<button type=\"submit\">" + esc(button) + "</button>\n</form>\n";
    }

    static String field(String name, String label, String type, String value, boolean required) {
        return field("f-" + name, name, label, type, value, required);
    }

    /** With an id of its own, for a field whose name another form on the same page also uses (ids must be unique). */
    static String field(String id, String name, String label, String type, String value, boolean required) {
        return "<label for=\"" + id + "\">" + esc(label) + "</label>\n<input id=\"" + id + "\" name=\"" + esc(name)
                + "\" type=\"" + type + "\" value=\"" + esc(value) + "\"" + (required ? " required" : "") + ">\n";
    }

    static String select(String name, String label, java.util.List<String> options, String chosen) {
        StringBuilder out = new StringBuilder("<label for=\"f-" + name + "\">" + esc(label) + "</label>\n<select id=\"f-"
                + name + "\" name=\"" + esc(name) + "\">\n");
        for (String option : options) {
            out.append("<option").append(option.equals(chosen) ? " selected" : "").append(">").append(esc(option))
                    .append("</option>\n");
        }
        return out.append("</select>\n").toString();
    }

    static String link(String href, String text) {
        return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }

    String html() {
        StringBuilder out = new StringBuilder(body.length() + 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append(" · Permafrost console</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/console/static/console.css\">\n")
                .append("<script src=\"/console/static/console.js\" defer></script>\n</head>\n<body>\n")
                .append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header>\n<span class=\"brand\">Permafrost</span>\n");
        if (session != null) {
            out.append("<nav aria-label=\"Main\"><a href=\"/console/vaults\">Vaults</a></nav>\n")
                    .append("<span class=\"who\" id=\"who\">").append(esc(session.caller().arn())).append("</span>\n")
                    .append("<form method=\"post\" action=\"/console/sign-out\" class=\"inline\">")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(session.csrfToken())).append("\">")
                    .append("<button type=\"submit\" id=\"sign-out\">Sign out</button></form>\n");
        }
        out.append("</header>\n<main id=\"main\">\n").append(body).append("</main>\n</body>\n</html>\n");
        return out.toString();
    }
}
