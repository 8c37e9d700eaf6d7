package courses

// The real activity kinds, so that tests check activity bodies as the app does.
import _ "declic/plugins/builtin"
