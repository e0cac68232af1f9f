/**
 * The app's user type, declared once for the whole toolkit (ARCHITECTURE.md, Configuration).
 *
 * The toolkit stores the app's own user entity, named in `oauth2Entities({ userEntity })`, and hands it back to the
 * app's hooks (`getUser`, `getUserClaims`, `authenticateUser`) and handlers (`ctx.state.oauth2.user`, a protected
 * view's `this.oauth2.user`). An app names its type once by declaration merging, the way Koa's `DefaultState` is
 * extended, so that every one of those places sees it:
 *
 * @example
 * ```ts
 * declare module 'koa-oauth-toolkit' {
 *   interface OAuth2UserTypes {
 *     user: User;
 *   }
 * }
 * ```
 *
 * Why a declaration and not a type parameter: views are classes composed from mixins and mounted by the router,
 * each subclassed by the app; a parameter would have to be repeated on every subclass and mixin, and could still not
 * reach `ctx.state` or the settings' hooks, which are typed where they are declared. Where a type is local, it takes
 * a parameter too (`OAuth2State<User>`, `configure<User>()`), defaulting to the declared one.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the app adds `user` by declaration merging
export interface OAuth2UserTypes {}

/**
 * What the toolkit needs of a user entity (DOT's `AUTH_USER_MODEL`): a MikroORM entity with one primary key (the
 * tokens, grants and applications reference it by foreign key; it is the OIDC `sub` and introspection's `sub`),
 * and a `username` string if `createApplication({ user: 'alice' })` should find it by name without `findUser`
 * (introspection answers it as `username` too). Any other field is the app's.
 */
export interface OAuth2UserContract {
  readonly username?: string;
}

/** The app's user type: `OAuth2UserTypes['user']` when the app declared it, else `unknown`. */
export type OAuth2User = OAuth2UserTypes extends { user: infer U } ? U : unknown;
