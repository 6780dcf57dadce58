package io.permafrost.policy;

/** The ForAnyValue: / ForAllValues: prefix of a condition operator, for keys with several values. */
enum SetQualifier {
    NONE(""),
    FOR_ANY_VALUE("ForAnyValue:"),
    FOR_ALL_VALUES("ForAllValues:");

    private final String prefix;

    SetQualifier(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }
}
