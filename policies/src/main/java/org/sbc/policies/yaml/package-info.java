/**
 * The YAML toolkit that sbc-core's config sections and the policy readers share: read a file
 * bounded in size and strictly UTF-8 ({@link org.sbc.policies.yaml.TextFile}), compose its text
 * into a tree of located nodes while refusing what an attacker could use ({@link
 * org.sbc.policies.yaml.YamlSource}), read a mapping's keys as typed values with their position
 * and "did you mean" for misspelt keys ({@link org.sbc.policies.yaml.YamlMapping}, {@link
 * org.sbc.policies.yaml.KeySuggestion}, {@link org.sbc.policies.yaml.Located}), and report every
 * problem with file, line, column and path to an error sink ({@link
 * org.sbc.policies.yaml.YamlErrors}) so a user sees all of them at once.
 *
 * <p>It lives in the policies module because sbc-core depends on policies, not the other way.
 * Messages put the bad value first, then what was expected; tests in both modules assert them
 * word for word.
 */
package org.sbc.policies.yaml;
