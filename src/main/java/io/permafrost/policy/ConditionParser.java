package io.permafrost.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Parses a statement's Condition block, {@code {operator: {key: value | [values]}}}, compiling every
 * value so that a policy that would fail at evaluation time is rejected when it is set instead.
 */
final class ConditionParser {
    private static final String IF_EXISTS = "IfExists";

    private ConditionParser() {
    }

    /** @param path where the block is, for messages ("Statement[0].Condition") */
    static List<Condition> parse(JsonNode block, String path) {
        if (!block.isObject()) {
            throw GlacierException.invalidParameter(path + " must be an object, got " + block);
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operatorEntry : block.properties()) {
            String operatorName = operatorEntry.getKey();
            String operatorPath = path + "." + operatorName;
            JsonNode keys = operatorEntry.getValue();
            if (!keys.isObject()) {
                throw GlacierException.invalidParameter(operatorPath + " must be an object of condition keys, got " + keys);
            }
            for (Map.Entry<String, JsonNode> keyEntry : keys.properties()) {
                String key = keyEntry.getKey();
                String keyPath = operatorPath + "." + key;
                if (key.isEmpty()) {
                    throw GlacierException.invalidParameter(operatorPath + " has an empty condition key name");
                }
                conditions.add(condition(operatorName, ConditionContext.normalise(key), values(keyEntry.getValue(), keyPath),
                        path, keyPath));
            }
        }
        return conditions;
    }

    private static Condition condition(String operatorName, String lowerCaseKey, List<String> values,
                                       String conditionPath, String keyPath) {
        SetQualifier qualifier = SetQualifier.NONE;
        String rest = operatorName;
        for (SetQualifier candidate : SetQualifier.values()) {
            if (candidate != SetQualifier.NONE && rest.startsWith(candidate.prefix())) {
                qualifier = candidate;
                rest = rest.substring(candidate.prefix().length());
                break;
            }
        }
        boolean ifExists = rest.endsWith(IF_EXISTS) && rest.length() > IF_EXISTS.length();
        String baseName = ifExists ? rest.substring(0, rest.length() - IF_EXISTS.length()) : rest;
        ConditionOperator operator = ConditionOperator.named(baseName).orElseThrow(() -> GlacierException.invalidParameter(
                conditionPath + " has unknown condition operator \"" + operatorName + "\""));
        if (operator == ConditionOperator.NULL && (ifExists || qualifier != SetQualifier.NONE)) {
            throw GlacierException.invalidParameter(conditionPath + " has unknown condition operator \"" + operatorName
                    + "\" (Null takes neither IfExists nor ForAnyValue:/ForAllValues:)");
        }
        if (operator == ConditionOperator.NULL) {
            List<Boolean> expectAbsent = new ArrayList<>();
            values.forEach(value -> expectAbsent.add(compileOrReject(() -> BooleanText.parse(value), keyPath, value)));
            return new NullCondition(lowerCaseKey, expectAbsent);
        }
        List<Predicate<String>> compiled = new ArrayList<>();
        values.forEach(value -> compiled.add(compileOrReject(() -> operator.compile(value), keyPath, value)));
        return new KeyCondition(lowerCaseKey, operator, qualifier, ifExists, compiled);
    }

    /** Policy values may be strings, numbers or booleans, alone or in a non-empty array; all become text. */
    private static List<String> values(JsonNode node, String path) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
            if (items.isEmpty()) {
                throw GlacierException.invalidParameter(path + " must not be an empty array");
            }
        } else {
            items.add(node);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : items) {
            if (item.isTextual()) {
                values.add(item.textValue());
            } else if (item.isNumber()) {
                // Plain notation, so that 1.7E9 stays usable as epoch seconds and compares as text the way it reads.
                values.add(item.isBigDecimal() ? item.decimalValue().toPlainString() : item.numberValue().toString());
            } else if (item.isBoolean()) {
                values.add(Boolean.toString(item.booleanValue()));
            } else {
                throw GlacierException.invalidParameter(path + " values must be strings, numbers or booleans, got " + item);
            }
        }
        return values;
    }

    private static <T> T compileOrReject(Supplier<T> compilation, String keyPath, String value) {
        try {
            return compilation.get();
        } catch (IllegalArgumentException e) {
            throw GlacierException.invalidParameter(keyPath + " value \"" + value + "\" " + e.getMessage());
        }
    }
}
