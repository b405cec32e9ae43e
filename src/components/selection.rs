//! Turns the browser's text selection inside the article body into code point offsets of the body.
//! Every rendered piece carries `data-start`/`data-end` (code points); the DOM counts in UTF-16.

/// Code point offset of `utf16` units into `text`.
pub fn utf16_to_code_points(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    let mut cps = 0;
    for ch in text.chars() {
        if units >= utf16 {
            break;
        }
        units += ch.len_utf16();
        cps += 1;
    }
    cps
}

#[cfg(feature = "hydrate")]
pub fn selection_offsets() -> Option<(usize, usize)> {
    let sel = web_sys::window()?.get_selection().ok()??;
    if sel.is_collapsed() {
        return None;
    }
    let a = point(sel.anchor_node()?, sel.anchor_offset())?;
    let b = point(sel.focus_node()?, sel.focus_offset())?;
    let (start, end) = (a.min(b), a.max(b));
    (end > start).then_some((start, end))
}

#[cfg(feature = "hydrate")]
fn attr(el: &web_sys::Element, name: &str) -> Option<usize> {
    el.get_attribute(name)?.parse().ok()
}

#[cfg(feature = "hydrate")]
fn point(node: web_sys::Node, offset: u32) -> Option<usize> {
    use wasm_bindgen::JsCast;
    // The claim panel opens inside the text on narrow screens; a selection there is not in the body.
    let element = if node.node_type() == web_sys::Node::TEXT_NODE {
        node.parent_element()?
    } else {
        node.clone().dyn_into::<web_sys::Element>().ok()?
    };
    if element.closest(".claim-panel").ok()?.is_some() {
        return None;
    }
    if node.node_type() == web_sys::Node::TEXT_NODE {
        let piece = node.parent_element()?.closest("[data-start]").ok()??;
        piece.closest(".article-body").ok()??;
        let text = node.text_content().unwrap_or_default();
        return Some(attr(&piece, "data-start")? + utf16_to_code_points(&text, offset as usize));
    }
    let el: web_sys::Element = node.dyn_into().ok()?;
    el.closest(".article-body").ok()??;
    if el.has_attribute("data-start") {
        return if offset == 0 { attr(&el, "data-start") } else { attr(&el, "data-end") };
    }
    let children = el.child_nodes();
    if let Some(child) = children.item(offset) {
        let child: web_sys::Element = child.dyn_into().ok()?;
        let first = if child.has_attribute("data-start") {
            Some(child)
        } else {
            child.query_selector("[data-start]").ok()?
        };
        return attr(&first?, "data-start");
    }
    let all = el.query_selector_all("[data-end]").ok()?;
    let last: web_sys::Element = all.item(all.length().checked_sub(1)?)?.dyn_into().ok()?;
    attr(&last, "data-end")
}

#[cfg(test)]
mod tests {
    use super::utf16_to_code_points;

    #[test]
    fn emoji_count_as_two_utf16_units_but_one_code_point() {
        assert_eq!(utf16_to_code_points("a🚀b", 3), 2);
        assert_eq!(utf16_to_code_points("Łódź", 4), 4);
        assert_eq!(utf16_to_code_points("abc", 99), 3);
    }
}
