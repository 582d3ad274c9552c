//! The catalogue's attributes laid out for matching at scale: names and text values interned
//! to numbers, and every product's attributes in one contiguous array, so that checking a
//! filter against a product compares integers in memory it reads in order, instead of
//! following a pointer to each attribute's own strings. Built once when a catalogue is read
//! ([`super::catalogue::Catalogue::new`]); [`super::matcher::feasible`] uses it.

use super::product::{AttrValue, Product};

/// One attribute of one product.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    /// The interned attribute name.
    pub key: u32,
    /// Its value.
    pub value: Slot,
}

/// An attribute value, interned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Slot {
    /// An interned text.
    Text(u32),
    /// A number.
    Number(f64),
    /// Interned texts: `lists[start..start + len]`.
    List(u32, u32),
}

/// Strings interned to numbers 0, 1, 2, ... in the order first seen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interner {
    strings: Vec<String>,
    /// Open addressing over `strings`: index + 1, 0 for an empty slot; a power of two long.
    table: Vec<u32>,
}

impl Interner {
    /// The number `s` is interned as, if it was.
    pub fn find(&self, s: &str) -> Option<u32> {
        let mask = self.table.len().wrapping_sub(1);
        if self.table.is_empty() {
            return None;
        }
        let mut at = hash(s) as usize & mask;
        loop {
            match self.table[at] {
                0 => return None,
                i if self.strings[i as usize - 1] == s => return Some(i - 1),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The number of `s`, and whether it is new.
    pub fn intern(&mut self, s: &str) -> (u32, bool) {
        if let Some(id) = self.find(s) {
            return (id, false);
        }
        if self.table.is_empty() {
            self.table = vec![0; 64];
        }
        if (self.strings.len() + 1) * 2 > self.table.len() {
            let size = self.table.len() * 2;
            self.table = vec![0; size];
            for (i, t) in self.strings.iter().enumerate() {
                let mut at = hash(t) as usize & (size - 1);
                while self.table[at] != 0 {
                    at = (at + 1) & (size - 1);
                }
                self.table[at] = i as u32 + 1;
            }
        }
        let mask = self.table.len() - 1;
        let mut at = hash(s) as usize & mask;
        while self.table[at] != 0 {
            at = (at + 1) & mask;
        }
        self.strings.push(s.to_string());
        let id = self.strings.len() as u32;
        self.table[at] = id;
        (id - 1, true)
    }
}

/// The index of a catalogue's attributes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttrIndex {
    names: Interner,
    /// Product `p`'s attributes are `entries[starts[p]..starts[p + 1]]`.
    starts: Vec<u32>,
    entries: Vec<Entry>,
    lists: Vec<u32>,
    /// Each product's price, side by side (comparing prices need not touch the products).
    prices: Vec<f64>,
    /// For each interned text, how many products have it as a value (of any attribute).
    holders: Vec<u32>,
    /// The products by id: open addressing over their places (place + 1, 0 for an empty
    /// slot; a power of two long), the first of equal ids only. No id is copied.
    ids: Vec<u32>,
}

/// FNV-1a: short, and good enough to spread attribute names and values.
fn hash(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

impl AttrIndex {
    /// Indexes the attributes of `products`, in order.
    pub fn build(products: &[Product]) -> AttrIndex {
        let mut index = AttrIndex {
            starts: Vec::with_capacity(products.len() + 1),
            ..AttrIndex::default()
        };
        for product in products {
            index.starts.push(index.entries.len() as u32);
            index.prices.push(product.price);
            for (name, value) in &product.attributes {
                let key = index.names.intern(name).0;
                let value = match value {
                    AttrValue::Text(s) => {
                        let id = index.names.intern(s).0;
                        index.held(id);
                        Slot::Text(id)
                    }
                    AttrValue::Number(n) => Slot::Number(*n),
                    AttrValue::List(items) => {
                        let start = index.lists.len() as u32;
                        for item in items {
                            let id = index.names.intern(item).0;
                            index.lists.push(id);
                            index.held(id);
                        }
                        Slot::List(start, items.len() as u32)
                    }
                };
                index.entries.push(Entry { key, value });
            }
        }
        index.starts.push(index.entries.len() as u32);
        let size = (products.len() * 2).next_power_of_two().max(2);
        index.ids = vec![0; size];
        for (i, product) in products.iter().enumerate() {
            let mut at = hash(&product.id) as usize & (size - 1);
            loop {
                match index.ids[at] {
                    0 => {
                        index.ids[at] = i as u32 + 1;
                        break;
                    }
                    j if products[j as usize - 1].id == product.id => break,
                    _ => at = (at + 1) & (size - 1),
                }
            }
        }
        index
    }

    fn held(&mut self, text: u32) {
        let at = text as usize;
        if self.holders.len() <= at {
            self.holders.resize(at + 1, 0);
        }
        self.holders[at] += 1;
    }

    /// How many products have `text` as a value (how common it is in the catalogue).
    pub(crate) fn holders(&self, text: u32) -> u32 {
        self.holders.get(text as usize).copied().unwrap_or(0)
    }

    /// The place of the first product with this id among `products` (those the index was
    /// built from), without a pass over them.
    pub(crate) fn position(&self, products: &[Product], id: &str) -> Option<usize> {
        let mask = self.ids.len().checked_sub(1)?;
        let mut at = hash(id) as usize & mask;
        loop {
            match self.ids[at] {
                0 => return None,
                j if products.get(j as usize - 1)?.id == id => return Some(j as usize - 1),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Whether the index describes exactly `count` products (a catalogue whose products were
    /// replaced since is matched without it).
    pub fn covers(&self, count: usize) -> bool {
        self.starts.len() == count + 1
    }

    /// The number `s` is interned as, if some product uses it.
    pub fn find(&self, s: &str) -> Option<u32> {
        self.names.find(s)
    }

    /// How many texts are interned (every interned number is below it).
    pub(crate) fn texts(&self) -> usize {
        self.names.strings.len()
    }

    /// Product `p`'s attribute `key`, if it has one.
    pub(crate) fn get(&self, p: usize, key: u32) -> Option<Slot> {
        let (a, b) = (self.starts[p] as usize, self.starts[p + 1] as usize);
        self.entries[a..b]
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.value)
    }

    /// Product `p`'s price.
    pub(crate) fn price(&self, p: usize) -> f64 {
        self.prices.get(p).copied().unwrap_or(0.0)
    }

    /// Product `p`'s attributes, interned.
    pub(crate) fn entries(&self, p: usize) -> &[Entry] {
        &self.entries[self.starts[p] as usize..self.starts[p + 1] as usize]
    }

    /// The interned texts of a list slot.
    pub(crate) fn list(&self, start: u32, len: u32) -> &[u32] {
        &self.lists[start as usize..(start + len) as usize]
    }
}
