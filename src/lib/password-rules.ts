/** Shared by the server's check and the forms' hints, so both say the same. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
