package io.loomkit.context;

import java.util.List;

/** A minimal JSON writer for the snapshot reports: objects, arrays, strings, numbers; commas placed for you. */
final class Json {
    private final StringBuilder sb = new StringBuilder();
    private boolean first = true;

    Json open(char bracket) {
        comma();
        sb.append(bracket);
        first = true;
        return this;
    }

    Json close(char bracket) {
        sb.append(bracket);
        first = false;
        return this;
    }

    Json field(String name) {
        comma();
        quote(name);
        sb.append(':');
        first = true; // the value follows without a comma
        return this;
    }

    Json string(String value) {
        comma();
        if (value == null) {
            sb.append("null");
        } else {
            quote(value);
        }
        first = false;
        return this;
    }

    Json number(long value) {
        comma();
        sb.append(value);
        first = false;
        return this;
    }

    Json strings(List<String> values) {
        open('[');
        values.forEach(this::string);
        return close(']');
    }

    private void comma() {
        if (!first) {
            sb.append(',');
        }
        first = false;
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
