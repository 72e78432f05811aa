// Syntax colours dark enough for 4.5:1 contrast on white and on the active line (CodeMirror's
// default style has greens and blues that fall short of it).
import { HighlightStyle } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

export const accessibleHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: '#6f2da8' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: '#535d6e', fontStyle: 'italic' },
  { tag: [t.string, t.special(t.string), t.regexp], color: '#a31515' },
  { tag: [t.number, t.bool, t.atom, t.null], color: '#116329' },
  { tag: [t.definition(t.variableName), t.propertyName, t.attributeName], color: '#0b4f9c' },
  { tag: [t.variableName, t.special(t.variableName)], color: '#0b4f9c' },
  { tag: [t.typeName, t.className, t.tagName, t.namespace], color: '#7a4b00' },
  { tag: [t.meta, t.processingInstruction, t.macroName, t.standard(t.variableName)], color: '#8a3b12' },
  { tag: t.heading, fontWeight: 'bold', color: '#1b2230' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.link, color: '#1f49b5', textDecoration: 'underline' },
  { tag: t.invalid, color: '#b8322a' },
]);
