package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;

import java.util.regex.Pattern;

/** Vault name rules (spec 7.0): 1-255 characters of a-z A-Z 0-9 _ - . */
public final class VaultNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]{1,255}");

    private VaultNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    static void requireValid(String name) {
        if (!isValid(name)) {
            throw GlacierException.invalidParameter("Invalid vault name: " + name);
        }
    }
}
