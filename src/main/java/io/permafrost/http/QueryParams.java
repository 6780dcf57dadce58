package io.permafrost.http;

import java.util.List;
import java.util.Map;

/**
 * The parameters of an SNS or SQS request, whichever wire form carried them: the query protocol's
 * form fields ({@code Attribute.1.Name=...}) or the SQS JSON protocol's members ({@code "Attributes": {}}).
 */
interface QueryParams {

    /** A plain string parameter; null when absent. */
    String string(String name);

    /** A whole-number parameter; null when absent, InvalidParameterValue when not a number. */
    Integer integer(String name);

    /**
     * A map parameter: JSON member {@code jsonName}, or form fields {@code formPrefix.N.formKey} and
     * {@code formPrefix.N.formValue} for N = 1, 2, ...
     */
    Map<String, String> map(String jsonName, String formPrefix, String formKey, String formValue);

    /** A list parameter: JSON array {@code jsonName}, or form fields {@code formPrefix.N}. */
    List<String> list(String jsonName, String formPrefix);
}
