package org.jitsi.signalsidecar.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {
    @Test
    void textCannotAddMarkup() {
        assertThat(Html.text("<script>alert('x')</script> & \"q\"").markup())
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    }

    @Test
    void controlCharactersBecomeReplacementCharacters() {
        assertThat(Html.text("a\u0000b\u001bc").markup()).isEqualTo("a\\x00b\\x1bc");
        assertThat(Html.text("evil\u202Etxt.exe").markup()).isEqualTo("evil\\u202etxt.exe");
    }

    @Test
    void elementsWrapEscapedContent() {
        assertThat(Html.element("td", "fail", Html.text("5 < 6")).markup()).isEqualTo("<td class=\"fail\">5 &lt; 6</td>");
    }
}
