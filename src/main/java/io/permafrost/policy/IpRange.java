package io.permafrost.policy;

import java.util.function.Predicate;

/** A CIDR block (or a single address) for IpAddress / NotIpAddress, IPv4 or IPv6. */
final class IpRange {
    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException if the policy value is not an address or CIDR block */
    static Predicate<String> matcher(String policyValue) {
        IpRange range = parse(policyValue);
        return range::contains;
    }

    static IpRange parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = IpAddressText.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("is not an IPv4 or IPv6 address or CIDR block");
        }
        int maxBits = address.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(bits) > maxBits) {
                throw new IllegalArgumentException("has an invalid prefix length (0 to " + maxBits + " allowed)");
            }
            prefix = Integer.parseInt(bits);
        }
        return new IpRange(address, prefix);
    }

    /** Addresses of the other family, and text that is no address, are outside every range. */
    boolean contains(String addressText) {
        byte[] address = IpAddressText.parse(addressText.trim());
        if (address == null || address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
