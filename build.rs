// `sqlx::migrate!` embeds the migrations folders at compile time; without this, a migration added
// to them is not seen until some other change rebuilds the crate (sqlx's documented remedy).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
