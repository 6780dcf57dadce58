package io.permafrost.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns IPv4 dotted-quad and IPv6 text into address bytes. Hand-written rather than
 * {@code InetAddress.getByName}, which resolves anything that is not a literal through DNS — a
 * policy value or request header must never trigger a network lookup — and which silently turns
 * IPv4-mapped IPv6 text into a 4-byte address.
 */
final class IpAddressText {
    private IpAddressText() {
    }

    /** 4 bytes for IPv4, 16 for IPv6, or null if the text is neither. */
    static byte[] parse(String text) {
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    private static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] parseV6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        // An embedded dotted quad may only end the address, so only the last side may hold one.
        List<Integer> head = gap >= 0 ? groups(text.substring(0, gap), false) : groups(text, true);
        List<Integer> tail = gap >= 0 ? groups(text.substring(gap + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int present = head.size() + tail.size();
        if (gap >= 0 ? present > 7 : present != 8) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            putGroup(bytes, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            putGroup(bytes, 8 - tail.size() + i, tail.get(i));
        }
        return bytes;
    }

    /** 16-bit groups of one side of "::"; a trailing dotted quad counts as two groups. */
    private static List<Integer> groups(String text, boolean mayEndInDottedQuad) {
        List<Integer> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (mayEndInDottedQuad && i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] v4 = parseV4(part);
                if (v4 == null) {
                    return null;
                }
                groups.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                groups.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
            } else if (part.length() >= 1 && part.length() <= 4 && part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                groups.add(Integer.parseInt(part, 16));
            } else {
                return null;
            }
        }
        return groups;
    }

    private static void putGroup(byte[] bytes, int index, int group) {
        bytes[2 * index] = (byte) (group >> 8);
        bytes[2 * index + 1] = (byte) group;
    }
}
