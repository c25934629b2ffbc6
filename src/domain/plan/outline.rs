//! The plan tree as the structure editor sees it: where a node sits, and the moves the
//! editor offers (up, down, indent under the previous sibling, outdent after the parent).
//! Each move is one edit through [`Plan::move_node`].

use super::edit::EditError;
use super::model::{Node, Plan};

/// One line of the outline: a node with its depth and its place among its siblings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    pub id: String,
    pub depth: usize,
    pub name: String,
    /// The level's name (「基本方針」…).
    pub level: String,
    pub kpis: usize,
    pub children: usize,
}

/// Where a node sits: its parent (`None`: top level), its index and how many siblings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub parent: Option<String>,
    pub index: usize,
    pub siblings: usize,
}

impl Plan {
    /// Every node in document order with its depth.
    pub fn outline(&self) -> Vec<OutlineItem> {
        self.walk()
            .into_iter()
            .map(|(path, n)| OutlineItem {
                id: n.id.clone(),
                depth: path.len() - 1,
                name: n.display_name(),
                level: self.level_name(path.len() - 1).to_owned(),
                kpis: n.kpis.len(),
                children: n.children.len(),
            })
            .collect()
    }

    pub fn position_of(&self, node_id: &str) -> Option<Position> {
        fn go(nodes: &[Node], parent: Option<&str>, id: &str) -> Option<Position> {
            if let Some(index) = nodes.iter().position(|n| n.id == id) {
                return Some(Position {
                    parent: parent.map(str::to_owned),
                    index,
                    siblings: nodes.len(),
                });
            }
            nodes.iter().find_map(|n| go(&n.children, Some(&n.id), id))
        }
        go(&self.nodes, None, node_id)
    }

    /// A node's depth (0 = top level), found depth first without building every path.
    pub fn depth_of(&self, node_id: &str) -> Option<usize> {
        fn go(nodes: &[Node], id: &str, depth: usize) -> Option<usize> {
            nodes.iter().find_map(|n| {
                if n.id == id {
                    Some(depth)
                } else {
                    go(&n.children, id, depth + 1)
                }
            })
        }
        go(&self.nodes, node_id, 0)
    }

    fn siblings_of(&self, parent: Option<&str>) -> &[Node] {
        match parent {
            None => &self.nodes,
            Some(p) => self.find_node(p).map_or(&[], |n| n.children.as_slice()),
        }
    }

    /// Moves a node one place up (`-1`) or down (`1`) among its siblings. Refused at the
    /// ends with a message.
    pub fn shift_node(&mut self, node_id: &str, delta: isize) -> Result<(), EditError> {
        let pos = self
            .position_of(node_id)
            .ok_or_else(|| EditError::NodeNotFound(node_id.to_owned()))?;
        let target = pos
            .index
            .checked_add_signed(delta)
            .filter(|t| *t < pos.siblings)
            .ok_or(EditError::CannotMove)?;
        self.move_node(node_id, pos.parent.as_deref(), target)
    }

    /// Makes a node the last child of its previous sibling.
    pub fn indent_node(&mut self, node_id: &str) -> Result<(), EditError> {
        let pos = self
            .position_of(node_id)
            .ok_or_else(|| EditError::NodeNotFound(node_id.to_owned()))?;
        let previous = pos
            .index
            .checked_sub(1)
            .and_then(|i| self.siblings_of(pos.parent.as_deref()).get(i))
            .map(|n| (n.id.clone(), n.children.len()))
            .ok_or(EditError::CannotMove)?;
        self.move_node(node_id, Some(&previous.0), previous.1)
    }

    /// Moves a node out of its parent, to just after the parent.
    pub fn outdent_node(&mut self, node_id: &str) -> Result<(), EditError> {
        let pos = self
            .position_of(node_id)
            .ok_or_else(|| EditError::NodeNotFound(node_id.to_owned()))?;
        let parent = pos.parent.ok_or(EditError::CannotMove)?;
        let parent_pos = self
            .position_of(&parent)
            .ok_or_else(|| EditError::NodeNotFound(parent.clone()))?;
        self.move_node(node_id, parent_pos.parent.as_deref(), parent_pos.index + 1)
    }

    /// Moves a node just before (or after) another node, among that node's siblings: what
    /// dropping it there with the mouse does.
    pub fn move_beside(
        &mut self,
        node_id: &str,
        target_id: &str,
        before: bool,
    ) -> Result<(), EditError> {
        let source = self
            .position_of(node_id)
            .ok_or_else(|| EditError::NodeNotFound(node_id.to_owned()))?;
        let target = self
            .position_of(target_id)
            .ok_or_else(|| EditError::NodeNotFound(target_id.to_owned()))?;
        let mut index = if before {
            target.index
        } else {
            target.index + 1
        };
        // Taking the node out first shifts the later siblings of the same parent.
        if source.parent == target.parent && source.index < index {
            index -= 1;
        }
        self.move_node(node_id, target.parent.as_deref(), index)
    }

    /// Where a node may be moved to: the top level and every node outside its subtree.
    pub fn move_targets(&self, node_id: &str) -> Vec<OutlineItem> {
        let subtree: Vec<String> = self
            .find_node(node_id)
            .map(|n| {
                let mut ids = Vec::new();
                let mut stack = vec![n];
                while let Some(n) = stack.pop() {
                    ids.push(n.id.clone());
                    stack.extend(n.children.iter());
                }
                ids
            })
            .unwrap_or_default();
        self.outline()
            .into_iter()
            .filter(|i| !subtree.contains(&i.id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::samples::sample_plan;

    fn plan() -> Plan {
        let mut p = sample_plan("akiruno-shokogyo-plan").cloned().unwrap();
        p.nodes.truncate(2);
        p
    }

    fn top_ids(p: &Plan) -> Vec<String> {
        p.nodes.iter().map(|n| n.id.clone()).collect()
    }

    #[test]
    fn shift_indent_outdent_round_trip() {
        let mut p = plan();
        let before = p.clone();
        let [a, b] = [p.nodes[0].id.clone(), p.nodes[1].id.clone()];
        p.shift_node(&b, -1).unwrap();
        assert_eq!(top_ids(&p), vec![b.clone(), a.clone()]);
        assert_eq!(p.shift_node(&b, -1), Err(EditError::CannotMove));
        p.shift_node(&b, 1).unwrap();
        assert_eq!(top_ids(&p), vec![a.clone(), b.clone()]);
        p.indent_node(&b).unwrap();
        assert_eq!(top_ids(&p), vec![a.clone()]);
        let pos = p.position_of(&b).unwrap();
        assert_eq!(pos.parent.as_deref(), Some(a.as_str()));
        assert_eq!(pos.index + 1, pos.siblings, "indented as the last child");
        assert_eq!(p.indent_node(&a), Err(EditError::CannotMove));
        p.outdent_node(&b).unwrap();
        assert_eq!(top_ids(&p), vec![a.clone(), b.clone()]);
        assert_eq!(p.outdent_node(&b), Err(EditError::CannotMove));
        assert_eq!(p.nodes, before.nodes);
        assert!(p.revision > before.revision);
    }

    #[test]
    fn move_beside_puts_the_node_where_it_was_dropped() {
        let mut p = plan();
        let [a, b] = [p.nodes[0].id.clone(), p.nodes[1].id.clone()];
        p.move_beside(&b, &a, true).unwrap();
        assert_eq!(top_ids(&p), vec![b.clone(), a.clone()]);
        p.move_beside(&b, &a, false).unwrap();
        assert_eq!(top_ids(&p), vec![a.clone(), b.clone()]);
        // Into another parent: beside one of its children.
        let child = p.nodes[0].children[0].id.clone();
        p.move_beside(&b, &child, false).unwrap();
        assert_eq!(top_ids(&p), vec![a.clone()]);
        let pos = p.position_of(&b).unwrap();
        assert_eq!((pos.parent.as_deref(), pos.index), (Some(a.as_str()), 1));
        // Never into its own subtree.
        assert_eq!(
            p.move_beside(&a, &b, true),
            Err(EditError::WouldCreateCycle)
        );
    }

    #[test]
    fn outline_and_targets() {
        let p = plan();
        let outline = p.outline();
        assert_eq!(outline.len(), p.walk().len());
        for item in &outline {
            assert_eq!(p.depth_of(&item.id), Some(item.depth), "{}", item.id);
        }
        assert_eq!(p.depth_of("no-such-node"), None);
        assert_eq!(outline[0].depth, 0);
        assert_eq!(outline[0].level, p.level_names[0]);
        let a = &p.nodes[0];
        let targets = p.move_targets(&a.id);
        assert!(targets.iter().all(|t| t.id != a.id));
        assert!(
            a.children
                .iter()
                .all(|c| targets.iter().all(|t| t.id != c.id))
        );
        assert!(targets.iter().any(|t| t.id == p.nodes[1].id));
    }
}
