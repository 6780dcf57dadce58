package io.permafrost.http;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query-protocol parameters: the form body ({@code application/x-www-form-urlencoded}) and the URL query. */
final class FormQueryParams implements QueryParams {
    private final Fields fields;

    private FormQueryParams(Fields fields) {
        this.fields = fields;
    }

    static FormQueryParams parse(byte[] body, String rawQuery) {
        Fields fields = new Fields();
        try {
            if (rawQuery != null && !rawQuery.isEmpty()) {
                UrlEncoded.decodeTo(rawQuery, fields::add, StandardCharsets.UTF_8);
            }
            if (body.length > 0) {
                UrlEncoded.decodeTo(new String(body, StandardCharsets.UTF_8), fields::add, StandardCharsets.UTF_8);
            }
        } catch (RuntimeException e) {
            throw new GlacierException(ErrorCode.QUERY_MALFORMED, "The request body is not a valid form "
                    + "(application/x-www-form-urlencoded).");
        }
        return new FormQueryParams(fields);
    }

    @Override
    public String string(String name) {
        return fields.getValue(name);
    }

    @Override
    public Integer integer(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new GlacierException(ErrorCode.SQS_INVALID_PARAMETER_VALUE,
                    "Value " + value + " for parameter " + name + " is invalid. Reason: must be a whole number.");
        }
    }

    @Override
    public Map<String, String> map(String jsonName, String formPrefix, String formKey, String formValue) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 1; fields.getValue(formPrefix + "." + i + "." + formKey) != null; i++) {
            String key = fields.getValue(formPrefix + "." + i + "." + formKey);
            String value = fields.getValue(formPrefix + "." + i + "." + formValue);
            if (value == null) {
                throw new GlacierException(ErrorCode.SQS_MISSING_PARAMETER,
                        "The request must contain the parameter " + formPrefix + "." + i + "." + formValue + ".");
            }
            map.put(key, value);
        }
        return map;
    }

    @Override
    public List<String> list(String jsonName, String formPrefix) {
        List<String> list = new ArrayList<>();
        for (int i = 1; fields.getValue(formPrefix + "." + i) != null; i++) {
            list.add(fields.getValue(formPrefix + "." + i));
        }
        return list;
    }
}
