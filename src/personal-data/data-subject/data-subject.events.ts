/**
 * A data subject was erased: their key is deleted. Carries no personal data: the pseudonymous id,
 * the legal basis (a reference to a law, a decision or a request, never a name) and, when retention
 * rules were overridden, which kinds of records they covered.
 */
export interface DataSubjectErased {
  type: 'DataSubjectErased';
  data: {
    subjectId: string;
    legalBasis: string | null;
    forced: boolean;
    actor: string;
    overriddenRetention: string[];
    requestedAt: string;
  };
}

export type DataSubjectEvent = DataSubjectErased;
