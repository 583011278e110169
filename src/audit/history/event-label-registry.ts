/** A readable name of an event type, in Norwegian (bokmål) and English. */
export interface EventLabel {
  nb: string;
  en: string;
}

export type LabelLanguage = 'nb' | 'en';

/**
 * Readable labels per event type, for histories and the replay command. Each feature registers its
 * own (labels/*.ts, listed in registered-event-labels.ts); a type registered twice with different
 * words is a programming error, found at start.
 */
export class EventLabelRegistry {
  private readonly labels = new Map<string, EventLabel>();

  register(labels: Readonly<Record<string, EventLabel>>): this {
    for (const [type, label] of Object.entries(labels)) {
      const existing = this.labels.get(type);
      if (existing && (existing.nb !== label.nb || existing.en !== label.en)) {
        throw new Error(`event type ${type} has two labels: "${existing.en}" and "${label.en}"`);
      }
      this.labels.set(type, label);
    }
    return this;
  }

  has(type: string): boolean {
    return this.labels.has(type);
  }

  /** The label; an unregistered type reads as its words ("LeaseSigned" → "Lease signed"), so nothing is ever blank. */
  label(type: string, language: LabelLanguage = 'nb'): string {
    const label = this.labels.get(type);
    if (label) return label[language];
    const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  types(): string[] {
    return [...this.labels.keys()].sort();
  }
}
