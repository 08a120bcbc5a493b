package org.sbc.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every YAML example in docs/policies.md loads through the production loader without warnings. */
class DocsExamplesTest {

    @Test
    void everyYamlExampleInTheDocsLoads() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "policies.md"));
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(docs);
        List<String> examples = new ArrayList<>();
        while (block.find()) {
            examples.add(block.group(1));
        }
        assertTrue(examples.size() >= 10, "examples: " + examples.size());
        for (String example : examples) {
            LoadedPolicy loaded = PolicyLoader.parse("docs/policies.md", example);
            assertEquals(List.of(), loaded.warnings(), example);
        }
    }
}
