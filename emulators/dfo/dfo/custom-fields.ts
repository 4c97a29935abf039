import { DfoApiError, DfoErrorItem } from '../http/dfo-api.error';
import { EmuCustomField, EmuCustomFieldDefinition } from '../store/emulator.types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Custom field values must refer to a defined field and fit its type (docs/dfo-contract.md b.7): the emulator refuses
 * what it cannot know to be valid, so a value for an undefined field is a 400 rather than silently dropped.
 */
export function checkCustomFieldValues(
  fields: Array<{ ident: string; value: string }> | undefined,
  definitions: EmuCustomFieldDefinition[],
  path: string,
): void {
  const errors: DfoErrorItem[] = [];
  (fields ?? []).forEach((field, i) => {
    const definition = definitions.find((d) => d.ident === field.ident);
    if (!definition) {
      errors.push({ field: `${path}[${i}].ident`, message: `Custom field definition "${field.ident}" does not exist.`, errorCode: 'UNKNOWN_CUSTOM_FIELD' });
    } else if (definition.type === 'email' && field.value !== '' && !EMAIL.test(field.value)) {
      errors.push({ field: `${path}[${i}].value`, message: 'This value is not a valid email address.', errorCode: 'INVALID_EMAIL' });
    } else if (definition.type === 'list' && field.value !== '' && !definition.values.includes(field.value)) {
      errors.push({ field: `${path}[${i}].value`, message: 'The value you selected is not a valid choice.', errorCode: 'INVALID_CHOICE' });
    }
  });
  if (errors.length) throw new DfoApiError(400, errors);
}

/** Merges new values over old ones by `ident`. */
export function mergeCustomFields(current: EmuCustomField[], incoming: Array<{ ident: string; value: string }> | undefined, at: string): EmuCustomField[] {
  const merged = new Map(current.map((f) => [f.ident, f]));
  for (const f of incoming ?? []) merged.set(f.ident, { ident: f.ident, value: f.value, updatedAt: at });
  return [...merged.values()];
}
