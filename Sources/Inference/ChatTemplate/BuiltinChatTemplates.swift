/// Template sources for model families whose GGUF files may lack `tokenizer.chat_template`.
///
/// Written for Consilium; each produces its family's published turn format, which the tests
/// check against the families' official templates rendered by Python's Jinja2.
enum BuiltinChatTemplates {
    static func source(for family: String) -> String? {
        switch family.lowercased() {
        case "gemma", "gemma2", "gemma3": return gemma
        case "chatml": return chatML
        case "llama3": return llama3
        case "mistral": return mistral
        default: return nil
        }
    }

    /// Gemma: `<start_of_turn>user|model ... <end_of_turn>`; Gemma has no system role, so a
    /// system message opens the first user turn, followed by a blank line. Turns must alternate.
    static let gemma = """
        {{- bos_token -}}
        {%- set turns = messages -%}
        {%- set first_prefix = '' -%}
        {%- if messages and messages[0].role == 'system' -%}
            {%- set first_prefix = messages[0].content + '\\n\\n' -%}
            {%- set turns = messages[1:] -%}
        {%- endif -%}
        {%- for message in turns -%}
            {%- set expected = 'user' if loop.index0 is even else 'assistant' -%}
            {%- if message.role != expected -%}
                {{- raise_exception('Gemma turns must alternate user/assistant after an optional system message; turn ' ~ loop.index ~ ' is ' ~ message.role) -}}
            {%- endif -%}
            {{- '<start_of_turn>' + ('model' if message.role == 'assistant' else 'user') + '\\n' -}}
            {{- (first_prefix if loop.first else '') + message.content | trim + '<end_of_turn>\\n' -}}
        {%- endfor -%}
        {%- if add_generation_prompt -%}
            {{- '<start_of_turn>model\\n' -}}
        {%- endif -%}
        """

    /// ChatML (`<|im_start|>role ... <|im_end|>`) with no default system message.
    static let chatML = """
        {%- for message in messages -%}
            {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' -}}
        {%- endfor -%}
        {%- if add_generation_prompt -%}
            {{- '<|im_start|>assistant\\n' -}}
        {%- endif -%}
        """

    /// Llama 3 headers, one `<|eot_id|>` per message, content trimmed, BOS first.
    static let llama3 = """
        {{- bos_token -}}
        {%- for message in messages -%}
            {{- '<|start_header_id|>' + message.role + '<|end_header_id|>\\n\\n' + message.content | trim + '<|eot_id|>' -}}
        {%- endfor -%}
        {%- if add_generation_prompt -%}
            {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}
        {%- endif -%}
        """

    /// Mistral instruct: `[INST] user [/INST]answer</s>`. A system message opens the first user
    /// turn, followed by a blank line (the v0.1 format has no system role).
    static let mistral = """
        {{- bos_token -}}
        {%- set turns = messages -%}
        {%- set first_prefix = '' -%}
        {%- if messages and messages[0].role == 'system' -%}
            {%- set first_prefix = messages[0].content + '\\n\\n' -%}
            {%- set turns = messages[1:] -%}
        {%- endif -%}
        {%- for message in turns -%}
            {%- if message.role == 'user' -%}
                {{- '[INST] ' + (first_prefix if loop.first else '') + message.content + ' [/INST]' -}}
            {%- elif message.role == 'assistant' -%}
                {{- message.content + eos_token -}}
            {%- else -%}
                {{- raise_exception('Mistral supports user and assistant turns after an optional system message, not ' ~ message.role) -}}
            {%- endif -%}
        {%- endfor -%}
        """
}
