package io.permafrost.http;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire forms of the SNS and SQS answers: SNS's and SQS's query-protocol XML (SQS flattens its
 * lists and maps, SNS wraps them in {@code member} / {@code entry}), and SQS's JSON protocol.
 */
enum QueryDialect {
    SNS_XML("http://sns.amazonaws.com/doc/2010-03-31/", false),
    SQS_XML("http://queue.amazonaws.com/doc/2012-11-05/", true),
    SQS_JSON(null, false);

    private final String namespace;
    private final boolean flattened;

    QueryDialect(String namespace, boolean flattened) {
        this.namespace = namespace;
        this.flattened = flattened;
    }

    String contentType() {
        return this == SQS_JSON ? "application/x-amz-json-1.0" : "text/xml";
    }

    byte[] success(String action, QueryResult result, String requestId) {
        if (this == SQS_JSON) {
            return JsonCodec.write(json(result.members()));
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>");
        xml.append('<').append(action).append("Response xmlns=\"").append(namespace).append("\">");
        if (!result.members().isEmpty()) {
            xml.append('<').append(action).append("Result>");
            members(xml, result.members());
            xml.append("</").append(action).append("Result>");
        }
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(action).append("Response>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The error body; the status and (for JSON) the query error header are the renderer's. */
    byte[] error(String code, GlacierException e, String requestId) {
        String type = e.errorCode().httpStatus() >= 500 ? "Receiver" : "Sender";
        if (this == SQS_JSON) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("__type", "com.amazonaws.sqs#" + jsonErrorName(code));
            body.put("message", e.getMessage());
            return JsonCodec.write(body);
        }
        String xml = "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>" + type
                + "</Type><Code>" + escape(code) + "</Code><Message>" + escape(e.getMessage()) + "</Message>"
                + (flattened ? "<Detail/>" : "") + "</Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** SQS JSON names some errors differently from their query codes (the header carries the query code). */
    private static String jsonErrorName(String queryCode) {
        return switch (queryCode) {
            case "AWS.SimpleQueueService.NonExistentQueue" -> "QueueDoesNotExist";
            case "QueueAlreadyExists" -> "QueueNameExists";
            default -> queryCode;
        };
    }

    /** The query code an error has in SNS and SQS: the services' own names for the shared failures. */
    static String queryCode(ErrorCode code) {
        return switch (code) {
            case INVALID_SIGNATURE -> "SignatureDoesNotMatch";
            case UNRECOGNIZED_CLIENT -> "InvalidClientTokenId";
            case INCOMPLETE_SIGNATURE -> "IncompleteSignature";
            case MISSING_AUTHENTICATION_TOKEN -> "MissingAuthenticationToken";
            case EXPIRED_TOKEN -> "ExpiredToken";
            case THROTTLING -> "Throttling";
            case INVALID_PARAMETER_VALUE -> "InvalidParameterValue";
            case MISSING_PARAMETER_VALUE -> "MissingParameter";
            case SERIALIZATION -> "SerializationException";
            case SERVICE_UNAVAILABLE -> "InternalFailure";
            case REQUEST_TIMEOUT -> "RequestTimeout";
            default -> code.code();
        };
    }

    /** SNS and SQS answer a refused signature with 403 where Glacier has its own statuses. */
    static int status(ErrorCode code) {
        return switch (code) {
            case UNRECOGNIZED_CLIENT, MISSING_AUTHENTICATION_TOKEN -> 403;
            default -> code.httpStatus();
        };
    }

    private Map<String, Object> json(Map<String, Object> members) {
        Map<String, Object> out = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            if (value instanceof QueryResult.Items items) {
                out.put(name, items.items().stream().map(this::json).toList());
            } else if (value instanceof QueryResult.Entries entries) {
                out.put(name, entries.entries());
            } else {
                out.put(name, value);
            }
        });
        return out;
    }

    private void members(StringBuilder xml, Map<String, Object> members) {
        members.forEach((name, value) -> {
            if (value instanceof QueryResult.Items items) {
                items(xml, name, items.element(), items.items());
            } else if (value instanceof QueryResult.Entries entries) {
                entries(xml, name, entries.element(), entries.entries());
            } else {
                xml.append('<').append(name).append('>').append(escape(String.valueOf(value)))
                        .append("</").append(name).append('>');
            }
        });
    }

    private void items(StringBuilder xml, String name, String element, List<Map<String, Object>> items) {
        if (!flattened) {
            xml.append('<').append(name).append('>');
        }
        for (Map<String, Object> item : items) {
            xml.append('<').append(element).append('>');
            members(xml, item);
            xml.append("</").append(element).append('>');
        }
        if (!flattened) {
            xml.append("</").append(name).append('>');
        }
    }

    private void entries(StringBuilder xml, String name, String element, Map<String, String> entries) {
        if (!flattened) {
            xml.append('<').append(name).append('>');
        }
        entries.forEach((key, value) -> xml.append('<').append(flattened ? element : "entry").append('>')
                .append(flattened ? "<Name>" : "<key>").append(escape(key)).append(flattened ? "</Name>" : "</key>")
                .append(flattened ? "<Value>" : "<value>").append(escape(value)).append(flattened ? "</Value>" : "</value>")
                .append("</").append(flattened ? element : "entry").append('>'));
        if (!flattened) {
            xml.append("</").append(name).append('>');
        }
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
