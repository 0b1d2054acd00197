-- Clinics: the tenants. Every clinical table carries clinic_id and
-- includes it in its keys (see DESIGN.md, Storage).
CREATE TABLE clinics (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);
