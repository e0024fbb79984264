package io.gradstream.app.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parts of an alerting expression that must each return series on a healthy system. An alert's
 * threshold hides healthy series ({@code lag > 500} is empty while the lag is fine), so an empty
 * result cannot tell "healthy" from "this metric does not exist". This splits the expression at its
 * top-level set operators ({@code or}, {@code and}, {@code unless}) and comparisons (with their
 * {@code bool}, {@code on}, {@code ignoring} and {@code group_*} modifiers), takes {@code
 * absent(X)} as {@code X} and drops number literals; what is left are the expressions that feed the
 * comparison.
 *
 * <p>A small scanner, not a PromQL parser: it knows brackets, string literals and operator
 * precedence ({@code or} lowest, then {@code and}/{@code unless}, then comparisons), which is all
 * the split needs.
 */
final class PromqlProbes {
  private static final List<String> COMPARISONS = List.of("==", "!=", ">=", "<=", ">", "<");
  private static final Pattern MODIFIERS =
      Pattern.compile(
          "^(bool\\b\\s*)?((on|ignoring)\\s*\\([^)]*\\)\\s*)?((group_left|group_right)\\s*(\\([^)]*\\))?\\s*)?");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(Inf|NaN)");
  private static final Pattern ABSENT = Pattern.compile("^absent(_over_time)?\\s*\\(");

  private PromqlProbes() {}

  /** The probes of {@code expr}, in order, without repeats. */
  static List<String> of(String expr) {
    Set<String> out = new LinkedHashSet<>();
    collect(expr, out);
    return List.copyOf(out);
  }

  private static void collect(String expr, Set<String> out) {
    String e = expr.strip();
    if (enclosedInParentheses(e)) {
      collect(e.substring(1, e.length() - 1), out);
      return;
    }
    for (List<String> operators : List.of(List.of("or"), List.of("and", "unless"), COMPARISONS)) {
      List<String> operands = splitAtTopLevel(e, operators);
      if (operands.size() > 1) {
        for (String operand : operands) {
          collect(MODIFIERS.matcher(operand.strip()).replaceFirst(""), out);
        }
        return;
      }
    }
    if (ABSENT.matcher(e).find() && e.endsWith(")")) {
      // absent(X) is empty while X exists: probe X. absent_over_time(X[5m]) likewise, without the
      // range.
      String inner = e.substring(e.indexOf('(') + 1, e.length() - 1).strip();
      collect(inner.replaceFirst("\\[[^\\]]*\\]$", ""), out);
      return;
    }
    if (!NUMBER.matcher(e).matches()) {
      out.add(e.replaceAll("\\s+", " "));
    }
  }

  private static boolean enclosedInParentheses(String e) {
    if (!e.startsWith("(") || !e.endsWith(")")) {
      return false;
    }
    int depth = 0;
    for (int i = 0; i < e.length(); i++) {
      i = skipString(e, i);
      char c = e.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0 && i < e.length() - 1) {
          return false; // "(a) or (b)": the first ')' closes before the end
        }
      }
    }
    return true;
  }

  /**
   * {@code e} split at each occurrence of one of {@code operators} outside brackets and strings.
   */
  static List<String> splitAtTopLevel(String e, List<String> operators) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < e.length(); i++) {
      i = skipString(e, i);
      char c = e.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
        continue;
      }
      if (c == ')' || c == ']' || c == '}') {
        depth--;
        continue;
      }
      if (depth > 0) {
        continue;
      }
      String operator = operatorAt(e, i, operators);
      if (operator != null) {
        parts.add(e.substring(start, i));
        i += operator.length() - 1;
        start = i + 1;
      }
    }
    parts.add(e.substring(start));
    return parts;
  }

  private static String operatorAt(String e, int i, List<String> operators) {
    for (String op : operators) {
      if (!e.startsWith(op, i)) {
        continue;
      }
      if (Character.isLetter(op.charAt(0))) {
        boolean wordStart = i == 0 || !isIdentifierChar(e.charAt(i - 1));
        boolean wordEnd =
            i + op.length() == e.length() || !isIdentifierChar(e.charAt(i + op.length()));
        if (wordStart && wordEnd) {
          return op;
        }
      } else {
        return op; // longer comparisons come first in the list, so ">=" wins over ">"
      }
    }
    return null;
  }

  private static boolean isIdentifierChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }

  /**
   * When {@code e[i]} opens a string literal, the index of its closing quote; otherwise {@code i}.
   */
  private static int skipString(String e, int i) {
    char quote = e.charAt(i);
    if (quote != '"' && quote != '\'' && quote != '`') {
      return i;
    }
    for (int j = i + 1; j < e.length(); j++) {
      if (e.charAt(j) == '\\' && quote != '`') {
        j++;
      } else if (e.charAt(j) == quote) {
        return j;
      }
    }
    throw new IllegalArgumentException("unterminated string in " + e);
  }
}
